import Foundation

/// Builds classic pcap files whose packets carry what an attacker would put on the wire: HTTP
/// requests to an IP-lookup service with crafted paths and User-Agents, DNS questions and TLS
/// server names whose labels hold control, bidi and markup bytes. Checksums are left zero (the
/// decoders do not verify them, as a capture taken on the sending host often has none).
struct HostileCapture {
    private(set) var data = Data()
    private var time: UInt32 = 1_790_000_000

    init() {
        append32(0xA1B2_C3D4); append16(2); append16(4); append32(0); append32(0); append32(262_144); append32(1)
    }

    /// Text that tries every trick against a terminal, a browser, a spreadsheet and a C string.
    static let payloads: [String] = [
        "\u{1B}[2J\u{1B}[HNo endpoint probed Internet reachability.\r\u{1B}]52;c;ZXZpbA==\u{07}\u{1B}]0;owned\u{07}\u{1B}]8;;http://x/\u{1B}\\",
        "\u{0600}<img src=x onerror=document.body.dataset.pwned=1>\u{0301}<script>document.body.dataset.pwned=2</script>",
        "\"q\",\"=HYPERLINK(\"\"http://x\"\")\"\r\n=1+1,@SUM(1),\u{8}\u{8}\u{202E}gnp.exe\u{2066}",
        "before-nul\u{0}after-nul \u{9B}31m\u{85}\u{7F}",
    ]

    mutating func httpGet(from source: [UInt8], to destination: [UInt8], host: String, path: String, userAgent: String) {
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: \(userAgent)\r\nAccept: */*\r\n\r\n"
        var tcp = [UInt8]()
        tcp += be16(40000) + be16(80) + be32(1) + be32(1) + [0x50, 0x18] + be16(64240) + [0, 0, 0, 0]
        packet(source, destination, proto: 6, transport: tcp + Array(request.utf8))
    }

    /// A DNS A question for `labels` (each label's bytes as given, lengths clamped to 63).
    mutating func dnsQuery(from source: [UInt8], to destination: [UInt8], labels: [[UInt8]]) {
        var message = be16(0x1234) + be16(0x0100) + be16(1) + be16(0) + be16(0) + be16(0)
        for label in labels { message += [UInt8(min(label.count, 63))] + label.prefix(63) }
        message += [0] + be16(1) + be16(1)
        let udp = be16(53000) + be16(53) + be16(UInt16(8 + message.count)) + be16(0)
        packet(source, destination, proto: 17, transport: udp + message)
    }

    private mutating func packet(_ source: [UInt8], _ destination: [UInt8], proto: UInt8, transport: [UInt8]) {
        let total = 20 + transport.count
        let ip: [UInt8] = [0x45, 0] + be16(UInt16(total)) + be16(1) + [0x40, 0, 64, proto, 0, 0] + source + destination
        let frame: [UInt8] = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 0x08, 0x00] + ip + transport
        time += 1
        append32(time); append32(0); append32(UInt32(frame.count)); append32(UInt32(frame.count))
        data.append(contentsOf: frame)
    }

    private func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    private func be32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    private mutating func append16(_ value: UInt16) { data.append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)]) }
    private mutating func append32(_ value: UInt32) {
        data.append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)])
    }

    /// One capture with every payload as a path/User-Agent of GETs to ifconfig.me and as DNS and
    /// labels under api.ipify.org (and again as a WPAD name and an auto-config URL), from one internal host (which must be flagged), plus a GET with
    /// a 12 KiB User-Agent (a finding too large for one syslog message).
    static func standard() -> Data {
        var capture = HostileCapture()
        let host: [UInt8] = [192, 168, 77, 10], lookup: [UInt8] = [203, 0, 113, 80], resolver: [UInt8] = [192, 168, 77, 1]
        for (index, payload) in payloads.enumerated() {
            let pathSafe = payload.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "\r\n", with: "")
            capture.httpGet(from: host, to: lookup, host: "ifconfig.me", path: "/ip\(index)/\(pathSafe)", userAgent: payload.replacingOccurrences(of: "\r\n", with: " "))
            capture.dnsQuery(from: host, to: resolver, labels: [Array(payload.utf8), Array("api".utf8), Array("ipify".utf8), Array("org".utf8)])
            // The same text as proxy discovery: a WPAD name and an auto-config URL.
            capture.dnsQuery(from: host, to: resolver, labels: [Array("wpad".utf8), Array(payload.utf8)])
            capture.httpGet(from: host, to: resolver, host: "wpad", path: "/\(index)/\(pathSafe)/wpad.dat", userAgent: payload.replacingOccurrences(of: "\r\n", with: " "))
        }
        capture.dnsQuery(from: host, to: resolver, labels: [Array("=cmd|' /C calc'!A0".utf8), Array("api".utf8), Array("ipify".utf8), Array("org".utf8)])
        capture.httpGet(from: host, to: lookup, host: "ifconfig.me", path: "/long", userAgent: String(repeating: "A\u{1B}[31m", count: 2400))
        return capture.data
    }
}
