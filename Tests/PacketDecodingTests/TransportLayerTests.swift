import PacketDecoding
import ProbeHoundCore
import Testing

@Suite struct TransportLayerTests {
    @Test func echoFieldsAndPayloadPatterns() throws {
        let windows = try #require(F.observation(F.ethernet(0x0800, F.ipv4(proto: 1, ttl: 128, F.icmpEcho(id: 1, seq: 52)))))
        #expect(windows.icmpID == 1 && windows.icmpSequence == 52)
        #expect(windows.icmpPayload == .windowsAlphabet)
        let iputils = [UInt8](repeating: 7, count: 16) + (0x10...0x37).map { UInt8($0) }
        #expect(F.observation(F.ethernet(0x0800, F.ipv4(proto: 1, F.icmpEcho(data: iputils))))?.icmpPayload == .iputils)
        let bsd = [UInt8](repeating: 7, count: 8) + (0x08...0x37).map { UInt8($0) }
        #expect(F.observation(F.ethernet(0x0800, F.ipv4(proto: 1, F.icmpEcho(data: bsd))))?.icmpPayload == .bsd)
        let zeros = [UInt8](repeating: 0, count: 64)
        #expect(F.observation(F.ethernet(0x0800, F.ipv4(proto: 1, F.icmpEcho(data: zeros))))?.icmpPayload == .zeros)
        #expect(F.observation(F.ethernet(0x0800, F.ipv4(proto: 1, F.icmpEcho(data: [0xab, 0xcd, 0xab, 0xcd]))))?.icmpPayload == .ciscoABCD)
        let tracerouteI = (0x48..<0x68).map { UInt8($0) }
        #expect(F.observation(F.ethernet(0x0800, F.ipv4(proto: 1, F.icmpEcho(data: tracerouteI))))?.icmpPayload == .tracerouteCounting)
        // iputils `ping -p 6162`: timeval 1795410031 s + 444214 µs, then the pattern.
        let timeval: [UInt8] = [0x6f, 0x73, 0x04, 0x6b, 0, 0, 0, 0, 0x36, 0xc7, 0x06, 0, 0, 0, 0, 0]
        let patterned = timeval + [UInt8](repeating: 0, count: 8).flatMap { _ in [UInt8(0x61), 0x62] }
        #expect(F.observation(F.ethernet(0x0800, F.ipv4(proto: 1, F.icmpEcho(data: patterned))))?.icmpPayload == .iputils)
        let notTimeval = [UInt8](repeating: 0xff, count: 16) + [UInt8](repeating: 0x61, count: 16)
        #expect(F.observation(F.ethernet(0x0800, F.ipv4(proto: 1, F.icmpEcho(data: notTimeval))))?.icmpPayload == .other)
    }

    @Test func timeExceededQuotesTheProbe() throws {
        let probe = F.ipv4(src: "192.168.1.10", dst: "203.0.113.9", proto: 17, ttl: 1, id: 0x4242, F.udp(sport: 40000, dport: 33437))
        let error = F.ipv4(src: "192.168.1.1", dst: "192.168.1.10", proto: 1, [11, 0, 0, 0, 0, 0, 0, 0] + Array(probe.prefix(28)))
        let o = try #require(F.observation(F.ethernet(0x0800, error)))
        #expect(o.isICMPTimeExceeded)
        let inner = try #require(o.inner)
        #expect(inner.source.description == "192.168.1.10")
        #expect(inner.destination.description == "203.0.113.9")
        #expect(inner.ttl == 1 && inner.ipID == 0x4242)
        #expect(inner.sourcePort == 40000 && inner.destinationPort == 33437)
    }

    @Test func icmpQuotingGarbageKeepsTheOuterPacket() throws {
        let error = F.ipv4(src: "192.168.1.1", dst: "192.168.1.10", proto: 1, [11, 0, 0, 0, 0, 0, 0, 0, 0x45, 1, 2])
        let o = try #require(F.observation(F.ethernet(0x0800, error)))
        #expect(o.icmpType == 11)
        #expect(o.inner == nil)
    }

    @Test func icmpv6ErrorsQuoteIPv6() throws {
        let probe = F.ipv6(src: "fd00::5", dst: "2001:db8::9", next: 58, hopLimit: 1, F.icmpEcho(type: 128, id: 7, seq: 3))
        let error = F.ipv6(src: "fd00::1", dst: "fd00::5", next: 58, [3, 0, 0, 0, 0, 0, 0, 0] + probe)
        let o = try #require(F.observation(F.ethernet(0x86DD, error)))
        #expect(o.isICMPTimeExceeded)
        #expect(o.inner?.icmpID == 7 && o.inner?.icmpSequence == 3 && o.inner?.ttl == 1)
    }

    @Test func tcpFlagsAndHTTPRequest() throws {
        let request = "GET /ip HTTP/1.1\r\nHost: ifconfig.me\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"
        let frame = F.ethernet(0x0800, F.ipv4(proto: 6, F.tcp(sport: 40000, dport: 80, flags: 0x18, Array(request.utf8))))
        let o = try #require(F.observation(frame))
        #expect(o.tcpFlags == [.psh, .ack])
        let http = try #require(o.http)
        #expect(http.headerCount == 3)
        #expect(http.isComplete)
        #expect(http.host?.string(in: frame.span) == "ifconfig.me")
        #expect(http.userAgent?.string(in: frame.span) == "curl/7.88.1")
        #expect(http.target.string(in: frame.span) == "/ip")
        #expect(!http.hasCookie && !http.hasReferer)
    }

    @Test func httpWithoutLineEndsOrWithJunkIsSafe() {
        for text in ["GET /", "GET / HTTP/1.1", "GET / HTTP/1.1\r\nHost", "GETX / HTTP/1.1\r\n", "get / HTTP/1.1\r\n", "\u{16}\u{3}\u{1}"] {
            let frame = F.ethernet(0x0800, F.ipv4(proto: 6, F.tcp(sport: 1, dport: 80, flags: 0x18, Array(text.utf8))))
            let o = F.observation(frame)
            #expect(o != nil)
            if text.hasPrefix("GET / HTTP/1.1") { #expect(o?.http != nil) } else { #expect(o?.http == nil) }
        }
    }

    @Test func dnsQuestionName() throws {
        let frame = F.ethernet(0x0800, F.ipv4(proto: 17, F.udp(sport: 5353, dport: 53, F.dnsQuery("API.ipify.org"))))
        let o = try #require(F.observation(frame))
        let question = try #require(o.dns)
        #expect(!question.isResponse)
        #expect(question.queryType == 1)
        #expect(question.nameString(in: frame.span) == "api.ipify.org")
    }

    @Test func dnsCompressionLoopIsRejected() {
        var message = F.dnsQuery("a.b")
        message[12] = 0xC0; message[13] = 12   // name points at itself
        let frame = F.ethernet(0x0800, F.ipv4(proto: 17, F.udp(sport: 5353, dport: 53, message)))
        if let question = F.observation(frame)?.dns {
            var buffer: [UInt8] = []
            #expect(!question.name(in: frame.span, into: &buffer))
        }
    }

    @Test func tlsServerName() throws {
        let name = Array("ifconfig.me".utf8)
        let sni = F.be16(0) + F.be16(name.count + 5) + F.be16(name.count + 3) + [0] + F.be16(name.count) + name
        let extensions = F.be16(sni.count) + sni
        let body: [UInt8] = [3, 3] + [UInt8](repeating: 1, count: 32) + [0] + F.be16(2) + [0x13, 0x01] + [1, 0] + extensions
        let handshake: [UInt8] = [1, 0] + F.be16(body.count) + body
        let record: [UInt8] = [22, 3, 1] + F.be16(handshake.count) + handshake
        let frame = F.ethernet(0x0800, F.ipv4(proto: 6, F.tcp(sport: 1, dport: 443, flags: 0x18, record)))
        let o = try #require(F.observation(frame))
        #expect(o.tlsServerName?.string(in: frame.span) == "ifconfig.me")
    }

    @Test func truncatedTransportKeepsIPFields() throws {
        let frame = F.ethernet(0x0800, F.ipv4(proto: 6, F.tcp(sport: 1, dport: 80))).dropLast(10)
        let o = try #require(F.observation(Array(frame)))
        #expect(o.isPartial)
        #expect(o.destination.description == "8.8.8.8")
    }
}
