import PacketDecoding
import ProbeHoundCore
import Testing

/// One test per encapsulation decoder: the inner packet is the observation with its tunnel, control
/// traffic and unfollowable payloads are counted by reason, and every truncation prefix is a clean skip.
@Suite struct EncapsulationDecoderTests {
    let ping = F.ipv4(proto: 1, F.icmpEcho())
    let outer = { (proto: UInt8, payload: [UInt8]) in F.ipv4(src: "172.31.0.1", dst: "172.31.0.2", proto: proto, payload) }

    /// Every prefix of `frame` decodes without a crash to an observation or a skip.
    func everyPrefixIsHandled(_ frame: [UInt8], link: Int32 = 1) {
        for length in 0...frame.count {
            _ = F.decode(Array(frame.prefix(length)), link: link)
        }
    }

    @Test func pppoeSessionWithBothProtocolFieldForms() throws {
        for ppp in [[0x00, 0x21] as [UInt8], [0x21]] {
            let frame = F.ethernet(0x8864, [0x11, 0x00] + F.be16(0x2d) + F.be16(ping.count + ppp.count) + ppp + ping)
            let o = try #require(F.observation(frame))
            #expect(o.icmpType == 8 && o.tunnel == Tunnel(kind: .pppoe, identifier: 0x2d))
            everyPrefixIsHandled(frame)
        }
        #expect(F.skipReason(F.ethernet(0x8863, [0x11, 0x09, 0, 0, 0, 0])) == .linkControl)
        #expect(F.skipReason(F.ethernet(0x8864, [0x11, 0x00, 0, 1, 0, 4, 0xC0, 0x21, 1, 1])) == .linkControl)
        #expect(F.skipReason(F.ethernet(0x8864, [0x11, 0x00, 0, 1, 0, 4, 0x00, 0x2D, 1, 1])) == .unsupportedEncapsulation)
    }

    @Test func mplsLabelStacksAndPseudowires() throws {
        let two = F.ethernet(0x8847, F.be32(18 << 12 | 64) + F.be32(16 << 12 | 0x100 | 64) + ping)
        #expect(try #require(F.observation(two)).tunnel == Tunnel(kind: .mpls, identifier: 16))
        let pseudowire = F.ethernet(0x8847, F.be32(300 << 12 | 0x100 | 64) + [0, 0, 0, 0] + F.ethernet(0x0800, ping))
        #expect(F.observation(pseudowire)?.icmpType == 8)
        var deep = F.ethernet(0x8847, [])
        for _ in 0..<9 { deep += F.be32(5 << 12 | 64) }
        #expect(F.skipReason(deep + ping) == .encapsulationTooDeep)
        everyPrefixIsHandled(pseudowire)
    }

    @Test func greWithKeyTransparentBridgingAndERSPAN() throws {
        let keyed = F.ethernet(0x0800, outer(47, F.be16(0x2000) + F.be16(0x0800) + F.be32(0x1e306) + ping))
        let o = try #require(F.observation(keyed))
        #expect(o.source.description == "192.168.1.10" && o.tunnel?.kind == .gre && o.tunnel?.identifier == 0x1e306)
        #expect(o.tunnel?.outerSource?.description == "172.31.0.1")
        let erspan2 = F.ethernet(0x0800, outer(47, F.be16(0x1000) + F.be16(0x88BE) + F.be32(1) + F.be16(0x1005) + F.be16(42) + F.be32(0)
                                              + F.ethernet(0x0800, ping)))
        #expect(F.observation(erspan2)?.tunnel == Tunnel(kind: .erspanII, outerSource: IPAddress("172.31.0.1"), outerDestination: IPAddress("172.31.0.2"), identifier: 42))
        let erspan3 = F.ethernet(0x0800, outer(47, F.be16(0x1000) + F.be16(0x22EB) + F.be32(1) + F.be16(0x2005) + F.be16(7) + F.be32(0) + F.be16(0) + F.be16(0)
                                              + F.ethernet(0x0800, ping)))
        #expect(F.observation(erspan3)?.tunnel?.kind == .erspanIII)
        // A keepalive (no payload type we follow) leaves the GRE packet itself as the observation.
        let keepalive = F.ethernet(0x0800, outer(47, F.be16(0) + F.be16(0)))
        #expect(F.observation(keepalive)?.ipProtocol == 47)
        // GRE we cannot read (source routing, an unknown version) is counted, not passed off as the outer packet.
        let routed = F.ethernet(0x0800, outer(47, F.be16(0x4000) + F.be16(0x0800) + F.be32(0) + ping))
        #expect(F.skipReason(routed) == .unsupportedEncapsulation)
        let version2 = F.ethernet(0x0800, outer(47, F.be16(0x0002) + F.be16(0x0800) + ping))
        #expect(F.skipReason(version2) == .unsupportedEncapsulation)
        for frame in [keyed, erspan2, erspan3] { everyPrefixIsHandled(frame) }
    }

    @Test func vxlanGeneveAndL2TP() throws {
        let vxlan = F.ethernet(0x0800, outer(17, F.udp(sport: 50000, dport: 4789, F.be32(0x0800_0000) + F.be32(123 << 8) + F.ethernet(0x0800, ping))))
        #expect(try #require(F.observation(vxlan)).tunnel?.identifier == 123)
        let geneve = F.ethernet(0x0800, outer(17, F.udp(sport: 50000, dport: 6081, [0x02, 0] + F.be16(0x6558) + F.be32(9 << 8)
                                                       + [0, 1, 0x80, 1, 0, 0, 0, 0] + F.ethernet(0x0800, ping))))
        #expect(F.observation(geneve)?.tunnel?.kind == .geneve)
        let arpInside = F.ethernet(0x0800, outer(17, F.udp(sport: 50000, dport: 4789, F.be32(0x0800_0000) + F.be32(1 << 8)
                                                          + F.ethernet(0x0806, [UInt8](repeating: 0, count: 28)))))
        #expect(F.observation(arpInside)?.destinationPort == 4789, "a tunnel carrying no IP leaves the outer packet")
        let l2tp = F.ethernet(0x0800, outer(17, F.udp(sport: 1701, dport: 1701, F.be16(2) + F.be16(9) + F.be16(10) + [0xff, 0x03, 0x00, 0x21] + ping)))
        #expect(F.observation(l2tp)?.tunnel?.kind == .l2tp)
        for frame in [vxlan, geneve, l2tp] { everyPrefixIsHandled(frame) }
    }

    @Test func tunnelPortsAreConfigurable() throws {
        let frame = F.ethernet(0x0800, outer(17, F.udp(sport: 50000, dport: 8472, F.be32(0x0800_0000) + F.be32(5 << 8) + F.ethernet(0x0800, ping))))
        #expect(F.observation(frame)?.tunnel == nil)
        var ports = TunnelPorts()
        ports.vxlan = 8472
        guard case .observation(let o) = PacketDecoder(linkType: .ethernet, tunnelPorts: ports).decode(frame.span, timestamp: .zero, origin: Origin(input: 0, index: 1))
        else { Issue.record("not decoded"); return }
        #expect(o.tunnel?.kind == .vxlan && o.icmpType == 8)
    }

    @Test func pppCiscoHDLCAnd80211LinkTypes() throws {
        #expect(F.observation([0xff, 0x03, 0x00, 0x21] + ping, link: 9)?.icmpType == 8)
        #expect(F.skipReason([0xff, 0x03, 0xc0, 0x21, 1, 2, 0, 4], link: 9) == .linkControl)
        #expect(F.observation([0x0f, 0x00, 0x08, 0x00] + ping, link: 104)?.icmpType == 8)
        #expect(F.skipReason([0x8f, 0x00, 0x80, 0x35, 0, 0, 0, 1], link: 104) == .linkControl)
        let macs = [UInt8](repeating: 2, count: 18)
        let data = [0x08, 0x01, 0, 0] + macs + [0x10, 0x00] + [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00] + ping
        #expect(F.observation(data, link: 105)?.icmpType == 8)
        let qos = [0x88, 0x01, 0, 0] + macs + [0x10, 0x00, 0x00, 0x00] + [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00] + ping
        #expect(F.observation(qos, link: 105)?.icmpType == 8)
        #expect(F.skipReason([0x08, 0x41, 0, 0] + macs + [0x10, 0x00] + [UInt8](repeating: 7, count: 40), link: 105) == .encrypted)
        #expect(F.skipReason([0x80, 0x00, 0, 0] + macs + [0x10, 0x00], link: 105) == .notIP)
        // Radiotap with TSFT and Flags saying the frame ends in an FCS.
        let radiotap = [0, 0] + [24, 0] + [0x03, 0, 0, 0] + [UInt8](repeating: 0, count: 8) + [0x10] + [0, 0, 0, 0, 0, 0, 0] + data + [1, 2, 3, 4]
        #expect(F.observation(Array(radiotap), link: 127)?.icmpType == 8)
        for (frame, link) in [([0xff, 0x03, 0x00, 0x21] + ping, Int32(9)), (data, 105), (Array(radiotap), 127)] { everyPrefixIsHandled(frame, link: link) }
    }
}
