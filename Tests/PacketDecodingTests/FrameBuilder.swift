import PacketDecoding
import ProbeHoundCore

/// Builds frames byte by byte for decoder tests, the way the RFCs lay them out.
enum FrameBuilder {
    static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xff), UInt8(value & 0xff)] }
    static func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)] }

    static func v4(_ text: String) -> [UInt8] { be32(IPAddress(text)!.v4) }

    static func v6(_ text: String) -> [UInt8] {
        let address = IPAddress(text)!
        return be32(UInt32(address.high >> 32)) + be32(UInt32(truncatingIfNeeded: address.high))
            + be32(UInt32(address.low >> 32)) + be32(UInt32(truncatingIfNeeded: address.low))
    }

    static func ethernet(_ etherType: Int, _ payload: [UInt8]) -> [UInt8] {
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] + be16(etherType) + payload
    }

    static func ipv4(src: String = "192.168.1.10", dst: String = "8.8.8.8", proto: UInt8, ttl: UInt8 = 64, id: Int = 0x1234,
                     fragment: Int = 0, options: [UInt8] = [], _ payload: [UInt8]) -> [UInt8] {
        let headerLength = 20 + options.count
        var header: [UInt8] = [0x40 | UInt8(headerLength / 4), 0] + be16(headerLength + payload.count) + be16(id) + be16(fragment)
        header += [ttl, proto, 0, 0] + v4(src) + v4(dst) + options
        return header + payload
    }

    static func ipv6(src: String = "2001:db8::1", dst: String = "2001:4860::8888", next: UInt8, hopLimit: UInt8 = 64, _ payload: [UInt8]) -> [UInt8] {
        [0x60, 0, 0, 0] + be16(payload.count) + [next, hopLimit] + v6(src) + v6(dst) + payload
    }

    static func icmpEcho(type: UInt8 = 8, id: Int = 0x0500, seq: Int = 1, data: [UInt8] = Array("abcdefghijklmnopqrstuvwabcdefghi".utf8)) -> [UInt8] {
        [type, 0, 0, 0] + be16(id) + be16(seq) + data
    }

    static func udp(sport: Int, dport: Int, _ payload: [UInt8] = []) -> [UInt8] {
        be16(sport) + be16(dport) + be16(8 + payload.count) + [0, 0] + payload
    }

    static func tcp(sport: Int, dport: Int, seq: UInt32 = 1000, ack: UInt32 = 0, flags: UInt8 = 0x02, _ payload: [UInt8] = []) -> [UInt8] {
        be16(sport) + be16(dport) + be32(seq) + be32(ack) + [0x50, flags] + be16(65535) + [0, 0, 0, 0] + payload
    }

    static func dnsQuery(_ name: String, type: Int = 1) -> [UInt8] {
        var bytes: [UInt8] = be16(0xabcd) + be16(0x0100) + be16(1) + be16(0) + be16(0) + be16(0)
        for label in name.split(separator: ".") { bytes += [UInt8(label.utf8.count)] + Array(label.utf8) }
        return bytes + [0] + be16(type) + be16(1)
    }

    static func decode(_ frame: [UInt8], link: Int32 = 1) -> DecodeResult {
        PacketDecoder(linkType: LinkType(dlt: link)).decode(frame.span, timestamp: .zero, origin: Origin(input: 0, index: 1))
    }

    static func observation(_ frame: [UInt8], link: Int32 = 1) -> Observation? {
        if case .observation(let observation) = decode(frame, link: link) { return observation }
        return nil
    }

    static func skipReason(_ frame: [UInt8], link: Int32 = 1) -> SkipReason? {
        if case .skipped(let reason) = decode(frame, link: link) { return reason }
        return nil
    }
}
