import Detection
import ProbeHoundCore
import Reporting
import Testing

/// Traces from Zeek, suricata-verify and chrissanders/packets, judged against the peers'
/// expectations (Captures/external/*/EXPECTED.md); where we differ, Captures/README.md says why.
@Suite struct PeerTraceTests {
    static let all = [
        "chrissanders-packets/http_google.pcapng", "chrissanders-packets/icmp_echo.pcapng",
        "chrissanders-packets/icmp_traceroute.pcapng", "chrissanders-packets/ip_ttl_source.pcapng",
        "chrissanders-packets/ppa1e_icmp-tracert-slow.pcap", "chrissanders-packets/ppa1e_icmp.pcap",
        "chrissanders-packets/ppa2e_icmp_traceroute.pcap",
        "suricata-verify/bug-4663-02_icmp-ping-8.8.8.8.pcap", "suricata-verify/detect-itype-prefilter_icmpv4-ping.pcap",
        "suricata-verify/firewall-50_icmp-ping-plus-weird-code.pcap", "suricata-verify/flowbit-oring_curl-testmyids.pcap",
        "suricata-verify/output-eve-ftp-data_win7-ncsi-dns.pcap",
        "zeek/communityid_icmp.pcap", "zeek/communityid_icmp6.pcap", "zeek/http_curl_http_09.pcap", "zeek/http_get.pcap",
        "zeek/icmp_5-pings.pcap", "zeek/icmp_dot1q.pcap", "zeek/icmp_icmp-destunreach-udp.pcap", "zeek/icmp_icmp-ping.pcap",
        "zeek/icmp_icmp-timeexceeded.pcap", "zeek/icmp_icmp6-ping.pcap", "zeek/icmp_icmp6-timeexceeded.pcap",
        "zeek/tcp_qi_internet_SYNACK_curl_jsonip.pcap", "zeek/tcp_timeout-with-pings.pcap", "zeek/tunnels_ping6-in-ipv4.pcap",
    ]

    @Test(arguments: all)
    func decodesWithoutSkippingIPFrames(_ path: String) {
        let run = CaptureRun("external/" + path)
        #expect(run.summary.inputErrors.isEmpty)
        #expect(run.summary.packets == run.summary.observations + run.summary.skipped.total)
        // Only non-IP frames (ARP, STP, CDP) may be skipped; nothing is truncated or malformed.
        #expect(run.summary.skipped.total == run.summary.skipped[.notIP])
        #expect(run.summary.partial == 0)
    }

    @Test(arguments: [
        ("chrissanders-packets/icmp_traceroute.pcapng", "192.168.100.138", "4.2.2.1", 9),
        ("chrissanders-packets/ppa2e_icmp_traceroute.pcap", "192.168.100.138", "4.2.2.1", 9),
        ("chrissanders-packets/ppa1e_icmp-tracert-slow.pcap", "24.6.126.218", "198.173.244.32", 13),
    ])
    func windowsTracertIsATraceroute(_ path: String, prober: String, target: String, hops: Int) throws {
        let run = CaptureRun("external/" + path)
        let finding = try #require(run.finding(for: prober))
        let trace = try #require(finding.traceroutes.first)
        #expect(trace.target.description == target)
        #expect(trace.method == .icmp)
        #expect(trace.tool == "tracert")
        #expect(trace.hops.count == hops)
        #expect(trace.hops.last??.description == target)
        #expect(run.findings.count == 1, "routers answering must not be flagged")
    }

    @Test func silentFirstHopLeavesAGap() throws {
        let trace = try #require(CaptureRun("external/chrissanders-packets/ppa1e_icmp-tracert-slow.pcap").findings.first?.traceroutes.first)
        #expect(trace.hops.first! == nil)
        #expect(trace.hops.compactMap { $0 }.count == 12)
    }

    @Test(arguments: [
        ("suricata-verify/bug-4663-02_icmp-ping-8.8.8.8.pcap", "192.168.0.30", 5, "iputils-ping"),
        ("zeek/icmp_5-pings.pcap", "172.16.133.2", 5, "iputils-ping"),
        ("zeek/icmp_icmp6-ping.pcap", "2620:0:e00:400e:d1d:db37:beb:5aac", 4, "windows-ping"),
        ("chrissanders-packets/ppa1e_icmp.pcap", "192.168.0.114", 4, "windows-ping"),
    ])
    func pingToTheInternetCountsEveryRequest(_ path: String, prober: String, requests: Int, tool: String) throws {
        let finding = try #require(CaptureRun("external/" + path).finding(for: prober))
        #expect(finding.kindNames == ["icmp_echo"])
        #expect(finding.echo?.requests == requests)
        #expect(finding.echo?.replies == requests)
        #expect(finding.echo?.tool == tool)
    }

    @Test(arguments: [
        "chrissanders-packets/icmp_echo.pcapng", "suricata-verify/detect-itype-prefilter_icmpv4-ping.pcap",
        "zeek/communityid_icmp.pcap", "zeek/icmp_dot1q.pcap", "zeek/tcp_timeout-with-pings.pcap",
        "zeek/http_curl_http_09.pcap", "zeek/http_get.pcap", "chrissanders-packets/http_google.pcapng",
        "suricata-verify/flowbit-oring_curl-testmyids.pcap", "suricata-verify/output-eve-ftp-data_win7-ncsi-dns.pcap",
        "zeek/icmp_icmp-timeexceeded.pcap", "zeek/icmp_icmp6-timeexceeded.pcap", "zeek/icmp_icmp-ping.pcap",
    ])
    func nothingToFlag(_ path: String) {
        #expect(CaptureRun("external/" + path).findings.isEmpty)
    }

    @Test func curlToAnIPLookupServiceIsAnHTTPProbe() throws {
        let finding = try #require(CaptureRun("external/zeek/tcp_qi_internet_SYNACK_curl_jsonip.pcap").finding(for: "178.200.100.200"))
        let get = try #require(finding.httpGets.first)
        #expect(get.host == "jsonip.com")
        #expect(get.tool == "curl")
        #expect(get.category == ProbeCategory(rawValue: "ip-lookup"))
    }

    @Test func duplicatedCaptureFramesCountOnce() {
        // communityid icmp.pcap holds each request twice (same IP ID): 4 real pings to a LAN host.
        let run = CaptureRun("external/zeek/communityid_icmp.pcap")
        #expect(run.summary.observations == 12)
        var config = DetectionConfig()
        config.internalNetworks = []
        let external = CaptureRun("external/zeek/communityid_icmp.pcap", config: config)
        #expect(external.findings.first?.echo?.requests == 4)
    }

    @Test func vlanTaggedFramesDecode() {
        let run = CaptureRun("external/zeek/icmp_dot1q.pcap", keepObservations: true)
        #expect(run.observations.contains { $0["src"] as? String == "192.168.123.2" && $0["icmp_type"] as? Int == 8 })
    }

    @Test func tunnelledPingIsDecodedInside() {
        let run = CaptureRun("external/zeek/tunnels_ping6-in-ipv4.pcap", keepObservations: true)
        #expect(run.observations.filter { $0["src"] as? String == "2001:db8:0:1::1" && $0["icmp_type"] as? Int == 128 }.count == 5)
    }
}
