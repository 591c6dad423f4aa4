import Detection
import Foundation
import ProbeHoundCore
import Reporting
import Testing

/// The labelled captures made by real tools (Captures/labels): every prober flagged with the right
/// kinds, traceroute methods and targets, HTTP hosts; every benign host left alone.
@Suite struct GeneratedCaptureTests {
    struct Case: CustomStringConvertible, Sendable {
        let capture: String
        let labels: String
        /// NFLOG captures hold only what the gateway forwarded: no TTL-1 probes, no HTTP payloads after the SYN.
        let gatewayLog: Bool
        var description: String { capture }
    }

    static let cases: [Case] = ["a_compromised_linux", "b_benign_noise", "c_ipv6", "d_windows_like", "e_mixed"].flatMap { name in
        [Case(capture: name + ".pcap", labels: name, gatewayLog: false),
         Case(capture: "nflog_" + name + ".pcap", labels: name, gatewayLog: true)]
    } + [Case(capture: "e_mixed.pcapng", labels: "e_mixed", gatewayLog: false)]

    /// The findings of a labelled endpoint, under its IPv4 or IPv6 address.
    static func findings(of endpoint: [String: Any], in run: CaptureRun) -> [Finding] {
        let v4 = endpoint["ip"] as! String, v6 = endpoint["ipv6"] as! String
        return run.findings.filter { $0.endpoint.description == v4 || $0.endpoint.description == v6 }
    }

    /// The endpoints a case's labels say must be flagged.
    static func probers(_ testCase: Case) throws -> [[String: Any]] {
        try labels(testCase.labels)["endpoints_to_flag"] as! [[String: Any]]
    }

    static func labels(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: CaptureRun.capturesDirectory + "/labels/\(name).labels.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    @Test(arguments: cases)
    func probersAreFlaggedWithTheirProbes(_ testCase: Case) throws {
        let run = CaptureRun(testCase.capture)
        for endpoint in try Self.probers(testCase) {
            let v4 = endpoint["ip"] as! String
            let findings = Self.findings(of: endpoint, in: run)
            #expect(!findings.isEmpty, "\(v4) not flagged in \(testCase.capture)")
            let kinds = Set(findings.flatMap(\.kindNames))
            let traces = findings.flatMap(\.traceroutes)
            let gets = findings.flatMap(\.httpGets)
            if !((endpoint["icmp_echo"] as? [Any]) ?? []).isEmpty { #expect(kinds.contains("icmp_echo"), "\(v4) echo") }
            for trace in (endpoint["traceroute"] as? [[String: Any]]) ?? [] {
                let target = trace["target_ip"] as! String, method = trace["method"] as! String
                #expect(traces.contains { $0.target.description == target && $0.method.rawValue == method },
                        "\(v4): missing \(method) traceroute to \(target) in \(testCase.capture)")
            }
            if !testCase.gatewayLog {
                for get in (endpoint["http_get"] as? [[String: Any]]) ?? [] {
                    let host = get["host"] as! String, path = get["path"] as! String
                    #expect(gets.contains { $0.host == host && $0.path == path }, "\(v4): missing GET \(host)\(path)")
                }
                if let echo = findings.compactMap(\.echo).first {
                    let expected = ((endpoint["icmp_echo"] as? [[String: Any]]) ?? []).reduce(0) { $0 + ($1["count"] as! Int) }
                    #expect(abs(echo.requests - expected) <= 2, "\(v4): \(echo.requests) echo requests, labels say \(expected)")
                }
            }
        }
    }

    @Test(arguments: cases)
    func followUpConnectionsAreFound(_ testCase: Case) throws {
        let run = CaptureRun(testCase.capture)
        for endpoint in try Self.probers(testCase) {
            let v4 = endpoint["ip"] as! String
            let follows = Self.findings(of: endpoint, in: run).flatMap(\.followUps)
            for follow in (endpoint["followup_connections"] as? [[String: Any]]) ?? [] {
                let dst = follow["dst"] as! String, port = follow["port"] as! Int
                #expect(follows.contains { $0.destination.description == dst && $0.destinationPort == UInt16(port) },
                        "\(v4): follow-up to \(dst):\(port) not found in \(testCase.capture)")
            }
        }
        // The connection carrying an HTTP probe is that probe, not a follow-up.
        for finding in run.findings {
            for get in finding.httpGets {
                #expect(!finding.followUps.contains { $0.destination == get.destination && $0.destinationPort == get.destinationPort })
            }
        }
    }

    /// Our name for the program a label's `tool` describes; nil where the label names none.
    static func expectedTool(_ label: String) -> String? {
        let rules: [(String, String)] = [
            ("tcptraceroute", "tcptraceroute"), ("tracepath", "tracepath"), ("mtr", "mtr"), ("tracert", "tracert"),
            ("traceroute", "traceroute"), ("Windows ping", "windows-ping"), ("(iputils)", "iputils-ping"),
            ("ping -6", "iputils-ping"), ("PowerShell", "powershell"), ("curl", "curl"), ("wget", "wget"),
        ]
        return rules.first { label.contains($0.0) }?.1
    }

    @Test(arguments: cases.filter { !$0.gatewayLog })
    func toolsMatchTheLabels(_ testCase: Case) throws {
        let run = CaptureRun(testCase.capture)
        for endpoint in try Self.probers(testCase) {
            let v4 = endpoint["ip"] as! String
            let findings = Self.findings(of: endpoint, in: run)
            for trace in (endpoint["traceroute"] as? [[String: Any]]) ?? [] {
                guard let tool = Self.expectedTool(trace["tool"] as! String) else { continue }
                let target = trace["target_ip"] as! String, method = trace["method"] as! String
                let found = findings.flatMap(\.traceroutes).first { $0.target.description == target && $0.method.rawValue == method }
                #expect(found?.tool == tool, "\(v4): \(method) traceroute to \(target) named \(found?.tool ?? "-"), label \(trace["tool"]!)")
            }
            let echoTools = Set(((endpoint["icmp_echo"] as? [[String: Any]]) ?? []).compactMap { Self.expectedTool($0["tool"] as! String) })
            if let tool = echoTools.first {
                #expect(findings.compactMap(\.echo).map(\.tool).contains(tool), "\(v4): ping tool, label \(tool)")
            }
            for get in (endpoint["http_get"] as? [[String: Any]]) ?? [] {
                guard let tool = Self.expectedTool(get["tool"] as! String) else { continue }
                let host = get["host"] as! String
                let found = findings.flatMap(\.httpGets).first { $0.host == host }
                #expect(found?.tool == tool, "\(v4): GET \(host) by \(found?.tool ?? "-"), label \(tool)")
            }
        }
    }

    @Test(arguments: cases)
    func benignHostsAreNotFlagged(_ testCase: Case) throws {
        let run = CaptureRun(testCase.capture)
        let labels = try Self.labels(testCase.labels)
        var flaggable = Set<String>()
        for endpoint in labels["endpoints_to_flag"] as! [[String: Any]] {
            flaggable.insert(endpoint["ip"] as! String)
            flaggable.insert(endpoint["ipv6"] as! String)
        }
        for finding in run.findings {
            #expect(flaggable.contains(finding.endpoint.description), "unexpected finding for \(finding.endpoint) in \(testCase.capture)")
        }
        for endpoint in labels["must_not_flag"] as! [[String: Any]] {
            let v4 = endpoint["ip"] as! String
            #expect(run.finding(for: v4) == nil, "benign \(v4) flagged")
        }
    }

    @Test(arguments: cases)
    func everyFrameIsAccountedFor(_ testCase: Case) {
        let summary = CaptureRun(testCase.capture).summary
        #expect(summary.packets > 0)
        #expect(summary.packets == summary.observations + summary.skipped.total)
        #expect(summary.inputErrors.isEmpty)
    }

    @Test func hopsAreRebuiltFromTimeExceededQuotes() throws {
        let run = CaptureRun("a_compromised_linux.pcap")
        let finding = try #require(run.finding(for: "192.168.56.59"))
        let udp = try #require(finding.traceroutes.first { $0.method == .udp && $0.target.description == "203.0.113.41" })
        // r1, r2, silent r3, r4, then the target itself (5 hops away).
        #expect(udp.hops.map { $0?.description } == ["192.168.56.1", "10.254.209.2", nil, "192.0.2.18", "203.0.113.41"])
        #expect(udp.destinationReached)
        #expect(udp.tool == "traceroute")
    }

    @Test func tracertStyleHopLookupsJoinTheFinding() throws {
        // The tracert emulation resolves every hop (PTR) as it goes, like Windows tracert without -d.
        let finding = try #require(CaptureRun("d_windows_like.pcap").finding(for: "192.168.56.74"))
        let hops = finding.names.filter { $0.category == ProbeCategory.tracerouteHopPTR }.map(\.name)
        #expect(hops.contains("1.56.168.192.in-addr.arpa") && hops.contains("18.2.0.192.in-addr.arpa"), "\(hops)")
        #expect(finding.reasons.contains { $0.hasPrefix("reverse DNS lookups of \(hops.count) traceroute hops") })
    }

    @Test func pcapAndPcapngGiveTheSameVerdicts() {
        let classic = CaptureRun("e_mixed.pcap"), next = CaptureRun("e_mixed.pcapng")
        #expect(classic.findings.map(\.endpoint) == next.findings.map(\.endpoint))
        #expect(classic.findings.map(\.score) == next.findings.map(\.score))
        #expect(classic.summary.packets == next.summary.packets)
    }

    /// ProbeHound's own pcap and pcapng readers against libpcap (which a BPF filter that passes every
    /// frame selects): the same observations, timestamps and frame numbers.
    @Test(arguments: ["e_mixed.pcap", "d_windows_like.pcap", "e_mixed.pcapng", "external/chrissanders-packets/icmp_traceroute.pcapng",
                      "external/chrissanders-packets/http_google.pcapng"])
    func ownReadersAgreeWithLibpcap(_ capture: String) {
        let own = CaptureRun([capture], keepObservations: true)
        let libpcap = CaptureRun([capture], filter: "ip or not ip", keepObservations: true)
        #expect(own.summary.packets == libpcap.summary.packets && own.summary.packets > 0)
        #expect(own.observations.count == libpcap.observations.count)
        for (ours, theirs) in zip(own.observations, libpcap.observations) {
            #expect(NSDictionary(dictionary: ours).isEqual(to: theirs), "\(ours) vs \(theirs)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/mergecap"), "needs mergecap"))
    func pcapngWithInterfacesOfTwoResolutionsReadsLikeLibpcap() throws {
        // mergecap writes one interface per input: microseconds for the first, nanoseconds for the second.
        let merged = FileManager.default.temporaryDirectory.appendingPathComponent("two-interfaces-\(getpid()).pcapng").path
        defer { try? FileManager.default.removeItem(atPath: merged) }
        let inputs = ["a_compromised_linux.pcap", "d_windows_like.pcap"].map { "'\(CaptureRun.capturesDirectory)/\($0)'" }
        #expect(system("mergecap -F pcapng -w '\(merged)' \(inputs.joined(separator: " "))") == 0)
        let own = CaptureRun([merged], keepObservations: true)
        let libpcap = CaptureRun([merged], filter: "ip or not ip", keepObservations: true)
        #expect(own.summary.packets == libpcap.summary.packets && own.summary.packets > 414)
        #expect(own.observations.count == libpcap.observations.count)
        #expect(zip(own.observations, libpcap.observations).allSatisfy { NSDictionary(dictionary: $0).isEqual(to: $1) })
        #expect(Set(own.findings.map(\.endpoint.description)) == ["192.168.56.59", "192.168.56.74"])
    }

    @Test func severalFilesAreOneRun() {
        let run = CaptureRun(["a_compromised_linux.pcap", "d_windows_like.pcap"])
        #expect(run.summary.inputs == 2)
        #expect(Set(run.findings.map(\.endpoint.description)) == ["192.168.56.59", "192.168.56.74"])
        let files = Set(run.findings.flatMap(\.evidence).map(\.input))
        #expect(files == [0, 1])
    }

    @Test func bpfFilterKeepsFrameNumbersAndCountsTheRest() throws {
        let run = CaptureRun(["a_compromised_linux.pcap"], filter: "icmp", keepObservations: true)
        #expect(run.summary.filtered > 0)
        #expect(run.summary.packets + run.summary.filtered == 414)
        #expect(run.observations.allSatisfy { ($0["proto"] as? String) == "icmp" })
        let finding = try #require(run.finding(for: "192.168.56.59"))
        #expect(finding.kindNames.contains("icmp_echo"))
        #expect(!finding.kindNames.contains("http_get"))
    }

    @Test func allowlistedDomainsLeaveTheirGETsAndQueriesOut() throws {
        var config = DetectionConfig()
        try ConfigFile.apply("allowlist_domains = ifconfig.me, gnome.org", to: &config)
        let finding = try #require(CaptureRun("a_compromised_linux.pcap", config: config).finding(for: "192.168.56.59"))
        #expect(Set(finding.httpGets.map(\.host)) == ["www.msftconnecttest.com", "ipinfo.io"])
        #expect(!finding.names.contains { $0.name == "ifconfig.me" })
        #expect(finding.reasons.contains { $0.hasPrefix("left out as allowlisted:") && $0.contains("GET nmcheck.gnome.org") })
    }

    @Test func internalTargetsAreNotInternetProbes() {
        var config = DetectionConfig()
        config.internalNetworks += [IPNetwork("192.0.2.0/24")!, IPNetwork("198.51.100.0/24")!, IPNetwork("203.0.113.0/24")!,
                                    IPNetwork("2001:db8::/32")!]
        let run = CaptureRun("e_mixed.pcap", config: config)
        #expect(run.findings.allSatisfy { !$0.kindNames.contains("icmp_echo") && !$0.kindNames.contains("traceroute") })
    }
}
