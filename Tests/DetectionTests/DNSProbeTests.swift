import Detection
import ProbeHoundCore
import Testing

/// DNS questions as evidence: IP-lookup names, connectivity-check names and PTR lookups of hops.
@Suite struct DNSProbeTests {
    let host = "10.1.2.3"

    /// A DNS query given as text (as logs give it), observed with its own bytes.
    func query(_ name: String, at seconds: Double, into detector: inout ProbeDetector) {
        var o = Make.udp(host, "192.0.2.53", at: seconds, ttl: 64, sport: 5353, dport: 53)
        let bytes = Array(name.utf8)
        o.queryName = ByteRange(start: 0, count: bytes.count)
        detector.observe(o, bytes: bytes.span)
    }

    /// A UDP traceroute to 203.0.113.9 answered by two routers.
    func traceroute(into detector: inout ProbeDetector) {
        let probes = (1...3).map { Make.udp(host, "203.0.113.9", at: Double($0), ttl: UInt8($0), sport: 40000, dport: 33433 + UInt16($0)) }
        detector.observeAll(probes + [Make.timeExceeded(router: "198.51.100.1", about: probes[0], at: 1.1),
                                      Make.timeExceeded(router: "198.51.100.2", about: probes[1], at: 2.1)])
    }

    @Test func ptrLookupsOfTheHopsJoinTheTraceroute() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        traceroute(into: &detector)
        query("1.100.51.198.in-addr.arpa", at: 1.2, into: &detector)
        query("2.100.51.198.IN-ADDR.ARPA.", at: 2.2, into: &detector)
        query("9.9.9.9.in-addr.arpa", at: 2.3, into: &detector)
        let finding = try #require(detector.findings().findings.first)
        let hops = finding.names.filter { $0.category == ProbeCategory.tracerouteHopPTR }.map(\.name)
        #expect(hops == ["1.100.51.198.in-addr.arpa", "2.100.51.198.in-addr.arpa"])
        #expect(finding.reasons.contains("reverse DNS lookups of 2 traceroute hops (tracert, and traceroute without -n) (+5)"))
    }

    @Test func ipv6PTRNamesAreRead() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        let v6host = "fd00::5"
        let probes = (1...3).map { ttl in
            var o = Make.udp(v6host, "2001:db8:9::9", at: Double(ttl), ttl: UInt8(ttl), sport: 40000, dport: 33433 + UInt16(ttl))
            o.ipID = UInt32(ttl)
            return o
        }
        detector.observeAll(probes + [Make.timeExceeded(router: "2001:db8:1::1", about: probes[0], at: 1.1),
                                      Make.timeExceeded(router: "2001:db8:1::2", about: probes[1], at: 2.1)])
        for (index, router) in ["1", "2"].enumerated() {
            var o = Make.udp(v6host, "2001:db8::53", at: 3 + Double(index), ttl: 64, sport: 5353, dport: 53)
            let name = Array((router + ".0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa").utf8)
            o.queryName = ByteRange(start: 0, count: name.count)
            detector.observe(o, bytes: name.span)
        }
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.names.filter { $0.category == ProbeCategory.tracerouteHopPTR }.count == 2)
    }

    @Test func connectivityCheckNamesAloneRaiseNothing() {
        var detector = ProbeDetector(config: DetectionConfig())
        query("www.msftconnecttest.com", at: 1, into: &detector)
        query("connectivitycheck.gstatic.com", at: 2, into: &detector)
        #expect(detector.findings().findings.isEmpty)
    }

    @Test func connectivityCheckNamesCorroborateOtherProbes() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll((1...3).map { Make.echo(host, "8.8.8.8", at: Double($0), seq: UInt16($0)) })
        query("www.msftconnecttest.com", at: 4, into: &detector)
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.kindNames == ["icmp_echo", "dns"])
        #expect(finding.score == 35)
        #expect(finding.reasons == ["3 ICMP echo requests to 1 external host in 2 s, 0 answered (+15)",
                                    "8.8.8.8 is a well-known reachability target (public resolver) (+15)",
                                    "DNS queries for connectivity-check hosts www.msftconnecttest.com (+5)"])
    }

    @Test func ipLookupNamesAloneAreALowFinding() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        query("api.ipify.org", at: 1, into: &detector)
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.kindNames == ["dns"] && finding.severity == .low && finding.score == 15)
    }

    /// The resolver tricks that answer with the asker's own address (`dig myip.opendns.com
    /// @resolver1.opendns.com`, `dig TXT o-o.myaddr.l.google.com @ns1.google.com`, `dig
    /// whoami.akamai.net`, `dig CH TXT whoami.cloudflare @1.1.1.1`) are IP lookups too.
    @Test(arguments: ["myip.opendns.com", "o-o.myaddr.l.google.com", "whoami.akamai.net", "whoami.ds.akahelp.net", "whoami.cloudflare"])
    func dnsIPDiscoveryNamesAreIPLookups(_ name: String) throws {
        var detector = ProbeDetector(config: DetectionConfig())
        query(name, at: 1, into: &detector)
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.names.map(\.category) == [ProbeCategory.ipLookup])
    }
}
