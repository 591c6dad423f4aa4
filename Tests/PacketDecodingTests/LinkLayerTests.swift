import PacketDecoding
import ProbeHoundCore
import Testing

typealias F = FrameBuilder

@Suite struct LinkLayerTests {
    let ping = F.ipv4(proto: 1, F.icmpEcho())

    @Test func ethernet() throws {
        let o = try #require(F.observation(F.ethernet(0x0800, ping)))
        #expect(o.source.description == "192.168.1.10")
        #expect(o.destination.description == "8.8.8.8")
        #expect(o.icmpType == 8)
    }

    @Test func vlanAndQinQ() throws {
        let single = F.ethernet(0x8100, [0, 123] + F.be16(0x0800) + ping)
        #expect(F.observation(single)?.icmpType == 8)
        let double = F.ethernet(0x88A8, [0, 10] + F.be16(0x8100) + [0, 20] + F.be16(0x0800) + ping)
        #expect(F.observation(double)?.icmpType == 8)
    }

    @Test func tooManyVLANTagsIsMalformed() {
        var frame = F.ethernet(0x8100, [])
        for _ in 0..<10 { frame += [0, 1] + F.be16(0x8100) }
        frame += ping
        #expect(F.skipReason(frame) == .malformedIP)
    }

    @Test func arpAndLLCAreNotIP() {
        #expect(F.skipReason(F.ethernet(0x0806, [UInt8](repeating: 0, count: 28))) == .notIP)
        #expect(F.skipReason(F.ethernet(0x0026, [0x42, 0x42, 3])) == .notIP)
    }

    @Test func linuxCookedV1AndV2() {
        let sll = F.be16(0) + F.be16(1) + F.be16(6) + [UInt8](repeating: 0, count: 8) + F.be16(0x0800) + ping
        #expect(F.observation(sll, link: 113)?.icmpType == 8)
        let sll2 = F.be16(0x86DD) + F.be16(0) + F.be32(2) + F.be16(1) + [0, 6] + [UInt8](repeating: 0, count: 8)
            + F.ipv6(next: 58, F.icmpEcho(type: 128))
        #expect(F.observation(sll2, link: 276)?.icmpType == 128)
    }

    @Test func nullLoopbackInBothByteOrders() {
        #expect(F.observation([2, 0, 0, 0] + ping, link: 0)?.icmpType == 8)
        #expect(F.observation([0, 0, 0, 2] + ping, link: 0)?.icmpType == 8)
        #expect(F.observation([0, 0, 0, 30] + F.ipv6(next: 58, F.icmpEcho(type: 128)), link: 0)?.icmpType == 128)
        #expect(F.observation([0, 0, 0, 24] + F.ipv6(next: 58, F.icmpEcho(type: 128)), link: 108)?.icmpType == 128)
        #expect(F.skipReason([0, 0, 0, 99] + ping, link: 0) == .notIP)
    }

    @Test func rawIPLinkTypes() {
        #expect(F.observation(ping, link: 12)?.icmpType == 8)
        #expect(F.observation(ping, link: 101)?.icmpType == 8)
        #expect(F.observation(ping, link: 228)?.icmpType == 8)
        #expect(F.observation(F.ipv6(next: 58, F.icmpEcho(type: 128)), link: 229)?.icmpType == 128)
        #expect(F.skipReason([0x50] + ping.dropFirst(), link: 12) == .malformedIP)
    }

    @Test func nflogPayloadTLV() throws {
        func tlv(_ type: Int, _ value: [UInt8]) -> [UInt8] {
            let length = 4 + value.count
            let padded = value + [UInt8](repeating: 0, count: (4 - length % 4) % 4)
            return [UInt8(length & 0xff), UInt8(length >> 8), UInt8(type & 0xff), UInt8(type >> 8)] + padded
        }
        let frame = [2, 0, 0, 6] + tlv(1, [8, 0, 3, 0]) + tlv(10, Array("FW-OUT: ".utf8) + [0]) + tlv(9, ping)
        let o = try #require(F.observation(frame, link: 239))
        #expect(o.icmpType == 8)
        #expect(F.skipReason([2, 0, 0, 6] + tlv(10, [65, 0]), link: 239) == .malformedIP)
    }

    @Test func pflogCarriesTheVerdict() throws {
        var header = [UInt8](repeating: 0, count: 61)
        header[0] = 61; header[1] = 2; header[2] = 1   // length, AF_INET, PF_DROP
        let frame = header + [0, 0, 0] + ping   // padded to 64
        let o = try #require(F.observation(frame, link: 117))
        #expect(o.action == .deny)
        #expect(o.icmpType == 8)
    }

    @Test func unsupportedLinkTypeIsCounted() {
        #expect(F.skipReason(ping, link: 147) == .notIP)
    }
}
