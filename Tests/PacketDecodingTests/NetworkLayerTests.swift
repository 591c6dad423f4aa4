import PacketDecoding
import ProbeHoundCore
import Testing

@Suite struct NetworkLayerTests {
    @Test func ipv4OptionsAreSkipped() throws {
        let frame = F.ethernet(0x0800, F.ipv4(proto: 17, options: [0x94, 4, 0, 0], F.udp(sport: 40000, dport: 33434)))
        let o = try #require(F.observation(frame))
        #expect(o.destinationPort == 33434)
        #expect(o.ttl == 64)
    }

    @Test func laterFragmentsHaveNoTransport() throws {
        let first = try #require(F.observation(F.ethernet(0x0800, F.ipv4(proto: 17, fragment: 0x2000, F.udp(sport: 1, dport: 2)))))
        #expect(first.destinationPort == 2)
        let later = try #require(F.observation(F.ethernet(0x0800, F.ipv4(proto: 17, fragment: 0x0010, F.udp(sport: 1, dport: 2)))))
        #expect(later.destinationPort == nil)
        #expect(later.ipProtocol == 17)
    }

    @Test func badIPv4HeaderLengths() {
        var short = F.ipv4(proto: 1, F.icmpEcho())
        short[0] = 0x44   // IHL 16 bytes
        #expect(F.skipReason(F.ethernet(0x0800, short)) == .malformedIP)
        var wrongVersion = F.ipv4(proto: 1, F.icmpEcho())
        wrongVersion[0] = 0x65
        #expect(F.skipReason(F.ethernet(0x0800, wrongVersion)) == .malformedIP)
    }

    @Test func ethernetPaddingIsNotPayload() throws {
        let frame = F.ethernet(0x0800, F.ipv4(proto: 6, F.tcp(sport: 1, dport: 80, flags: 0x10))) + [UInt8](repeating: 0, count: 6)
        let o = try #require(F.observation(frame))
        #expect(o.payloadLength == 0)
    }

    @Test func ipv6ExtensionHeadersAreWalked() throws {
        let hopByHop: [UInt8] = [44, 0, 1, 4, 0, 0, 0, 0]
        let fragment: [UInt8] = [60, 0, 0, 1] + F.be32(0xdeadbeef)
        let destination: [UInt8] = [17, 0, 1, 4, 0, 0, 0, 0]
        let frame = F.ethernet(0x86DD, F.ipv6(next: 0, hopByHop + fragment + destination + F.udp(sport: 5000, dport: 33434)))
        let o = try #require(F.observation(frame))
        #expect(o.ipProtocol == 17)
        #expect(o.destinationPort == 33434)
        #expect(o.ipID == 0xdeadbeef)
    }

    @Test func ipv6ExtensionHeaderChainIsBounded() throws {
        var chain: [UInt8] = []
        for _ in 0..<40 { chain += [60, 0, 1, 4, 0, 0, 0, 0] }
        let o = try #require(F.observation(F.ethernet(0x86DD, F.ipv6(next: 60, chain))))
        #expect(o.isPartial)
        #expect(o.sourcePort == nil)
    }

    @Test func tunnelsAreDecodedToTheInnerPacket() throws {
        let inner = F.ipv6(src: "2001:db8:1::1", dst: "2001:db8:2::2", next: 58, F.icmpEcho(type: 128))
        let o = try #require(F.observation(F.ethernet(0x0800, F.ipv4(proto: 41, inner))))
        #expect(o.source.description == "2001:db8:1::1")
        #expect(o.icmpType == 128)
        let ipip = F.ipv4(src: "10.0.0.1", dst: "10.0.0.2", proto: 4, F.ipv4(src: "172.16.0.1", dst: "1.1.1.1", proto: 1, F.icmpEcho()))
        #expect(F.observation(F.ethernet(0x0800, ipip))?.destination.description == "1.1.1.1")
    }

    @Test func everyPrefixOfAFrameDecodesOrIsCountedTruncated() {
        let frames = [
            F.ethernet(0x0800, F.ipv4(proto: 1, F.icmpEcho())),
            F.ethernet(0x86DD, F.ipv6(next: 58, [3, 0, 0, 0, 0, 0, 0, 0] + F.ipv6(next: 17, hopLimit: 1, F.udp(sport: 1, dport: 33434)))),
            F.ethernet(0x0800, F.ipv4(proto: 6, F.tcp(sport: 5, dport: 80, flags: 0x18, Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)))),
            F.ethernet(0x0800, F.ipv4(proto: 17, F.udp(sport: 5353, dport: 53, F.dnsQuery("api.ipify.org")))),
        ]
        for frame in frames {
            for length in 0...frame.count {
                switch F.decode(Array(frame.prefix(length))) {
                case .observation(let o):
                    #expect(length >= 34, "observation from \(length) bytes")
                    _ = o
                case .skipped(let reason):
                    #expect(reason == .truncated, "prefix \(length): \(reason)")
                }
            }
        }
    }
}
