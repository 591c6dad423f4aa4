import Engine
import Capture
import Detection
import FirewallLogs
import Foundation
import ProbeHoundCore
import Reporting
import Testing

/// `probehound logs` end to end: the gateway's logs of the labelled scenarios, and hostile input.
@Suite struct LogRunTests {
    static func run(_ paths: [String], format: LogFormat? = nil) -> (LogAnalyzer, [Finding], [String]) {
        let analyzer = LogAnalyzer(config: DetectionConfig())
        let failures = analyzer.read(paths, format: format, year: 2026)
        return (analyzer, analyzer.finish(), failures.map(\.description))
    }

    static func temporary(_ name: String, _ bytes: [UInt8]) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("probehound-\(getpid())-\(name)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Zeek aggregates a router's time-exceeded messages over a span; an echo record inside it whose
    /// every request the target answered (`resp_pkts`) was a ping, not a traceroute's probes.
    @Test func zeekEchoAnsweredByItsTargetIsNoTraceroute() throws {
        let lines = [
            #"{"ts":100.0,"uid":"C1","id.orig_h":"10.0.0.5","id.orig_p":8,"id.resp_h":"203.0.113.50","id.resp_p":0,"proto":"icmp","duration":3.0,"orig_pkts":4,"resp_pkts":4}"#,
            #"{"ts":100.5,"uid":"C2","id.orig_h":"10.0.0.5","id.orig_p":8,"id.resp_h":"203.0.113.60","id.resp_p":0,"proto":"icmp","duration":2.0,"orig_pkts":15,"resp_pkts":3}"#,
            #"{"ts":100.6,"uid":"C3","id.orig_h":"198.51.100.1","id.orig_p":11,"id.resp_h":"10.0.0.5","id.resp_p":0,"proto":"icmp","duration":2.5,"orig_pkts":3,"resp_pkts":0}"#,
            #"{"ts":100.7,"uid":"C4","id.orig_h":"198.51.100.2","id.orig_p":11,"id.resp_h":"10.0.0.5","id.resp_p":0,"proto":"icmp","duration":2.5,"orig_pkts":3,"resp_pkts":0}"#,
        ]
        let path = Self.temporary("zeek-answered.log", Array((lines.joined(separator: "\n") + "\n").utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (_, findings, failures) = Self.run([path], format: .zeekConn)
        #expect(failures.isEmpty)
        let finding = try #require(findings.first)
        #expect(finding.traceroutes.map { "\($0.method.rawValue) \($0.target)" } == ["icmp 203.0.113.60"])
        #expect(finding.echo?.targets.map(\.description) == ["203.0.113.50"] && finding.echo?.replies == 4)
    }

    @Test(arguments: ["a_compromised_linux", "b_benign_noise", "c_ipv6", "d_windows_like", "e_mixed"].flatMap { ["\($0).log", "\($0).jsonl"] })
    func gatewayLogsFlagTheProbers(_ file: String) throws {
        let (analyzer, findings, failures) = Self.run([CaptureRun.capturesDirectory + "/logs/fw_" + file])
        #expect(failures.isEmpty)
        let labels = try GeneratedCaptureTests.labels(String(file.prefix { $0 != "." }))
        var flaggable = Set<String>()
        for endpoint in labels["endpoints_to_flag"] as! [[String: Any]] {
            let v4 = endpoint["ip"] as! String, v6 = endpoint["ipv6"] as! String
            flaggable.formUnion([v4, v6])
            let mine = findings.filter { $0.endpoint.description == v4 || $0.endpoint.description == v6 }
            #expect(!mine.isEmpty, "\(v4) not flagged from \(file)")
            let traces = mine.flatMap(\.traceroutes)
            for trace in (endpoint["traceroute"] as? [[String: Any]]) ?? [] {
                let target = trace["target_ip"] as! String, method = trace["method"] as! String
                #expect(traces.contains { $0.target.description == target && $0.method.rawValue == method }, "\(file): \(method) to \(target)")
            }
            if !((endpoint["icmp_echo"] as? [Any]) ?? []).isEmpty { #expect(mine.contains { $0.kindNames.contains("icmp_echo") }) }
        }
        #expect(findings.allSatisfy { flaggable.contains($0.endpoint.description) })
        let summary = analyzer.summary
        #expect(summary.packets == summary.observations + summary.skipped.total)
        #expect(summary.skipped[.unparsed] == 0)
    }

    @Test func unknownFormatIsAnErrorNamingTheFile() {
        let path = Self.temporary("prose.txt", Array("Dear diary,\nno firewall here.\n".utf8))
        let (analyzer, _, failures) = Self.run([path])
        #expect(analyzer.summary.inputs == 0)
        #expect(failures.count == 1 && failures[0].contains(path) && failures[0].contains("matches no supported log format"))
    }

    @Test func junkHugeLinesAndBadBytesAreCountedNotFatal() {
        var bytes = Array("Nov 23 05:00:31 gw k: IN=a OUT=b SRC=10.0.0.1 DST=8.8.8.8 LEN=84 TTL=64 ID=1 PROTO=ICMP TYPE=8 CODE=0 ID=1 SEQ=1\n".utf8)
        bytes += [UInt8](repeating: 0x41, count: 3 << 20) + [10]                 // one 3 MiB line
        bytes += [0xff, 0xfe, 0x00, 0x80, 0xc3, 10]                                 // invalid UTF-8 and NUL
        bytes += Array("Nov 23 05:00:32 gw k: IN=a OUT=b SRC=10.0.0.1 DST=8.8.8.8 LEN=84 TTL=64 ID=2 PROTO=ICMP TYPE=8 CODE=0 ID=1 SEQ=2".utf8)
        let path = Self.temporary("junk.log", bytes)
        let (analyzer, _, failures) = Self.run([path], format: .iptables)
        #expect(failures.isEmpty)
        let summary = analyzer.summary
        #expect(summary.packets == 4)
        #expect(summary.observations == 2)
        #expect(summary.skipped[.lineTooLong] == 1 && summary.skipped[.unparsed] == 1)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") || FileManager.default.isExecutableFile(atPath: "/bin/gzip")))
    func gzipAndTruncatedGzip() throws {
        let source = CaptureRun.capturesDirectory + "/logs/fw_a_compromised_linux.log"
        let gz = FileManager.default.temporaryDirectory.appendingPathComponent("probehound-\(getpid())-fw.log.gz").path
        #expect(system("gzip -c '\(source)' > '\(gz)'") == 0)
        let (whole, findings, failures) = Self.run([gz])
        #expect(failures.isEmpty && whole.summary.packets == 171 && findings.count == 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: gz))
        let cut = Self.temporary("cut.log.gz", Array(data.prefix(data.count / 2)))
        let (partial, _, cutFailures) = Self.run([cut])
        #expect(cutFailures.isEmpty)
        #expect(partial.summary.packets > 0 && partial.summary.packets < 171)
        #expect(partial.summary.inputErrors.count == 1)
        #expect(partial.summary.packets == partial.summary.observations + partial.summary.skipped.total)
    }

    @Test func recordsPackedInOneLineAreCountedEach() {
        let line = #"{"records":[{"properties":{"Version":1,"flows":[{"rule":"r","flows":[{"mac":"x","flowTuples":["1,10.0.0.4,8.8.8.8,40000,33434,U,O,A","2,10.0.0.4,8.8.8.8,40001,33435,U,O,A","3,10.0.0.4,8.8.8.8,40002,33436,U,O,A","bad"]}]}]}}]}"#
        let path = Self.temporary("nsg.json", Array((line + "\n").utf8))
        let (analyzer, findings, failures) = Self.run([path])
        #expect(failures.isEmpty)
        #expect(analyzer.formats == [.azureNSG])
        #expect(analyzer.summary.packets == 4 && analyzer.summary.observations == 3 && analyzer.summary.skipped[.unparsed] == 1)
        #expect(findings.first?.traceroutes.first?.basis == ["port_sequence"])
    }

    @Test func evidenceNamesLines() throws {
        let (analyzer, findings, _) = Self.run([CaptureRun.capturesDirectory + "/logs/fw_d_windows_like.log"])
        let line = FindingJSON.line(try #require(findings.first), inputNames: analyzer.inputNames, originUnit: analyzer.originUnit)
        #expect(line.contains("\"line\":"))
        #expect(analyzer.summary.json.contains("\"records\":56"))
    }
}

/// Flow logs that record ICMP without its type (AWS VPC): outbound ICMP counts as echo only where
/// a record of the answer came back, and the reason says it was inferred.
@Suite struct UntypedICMPFlowTests {
    @Test func answeredICMPFlowsAreEchoAndUnansweredAreNot() throws {
        let dir = try HostileInputTests.directory("vpc-icmp")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("vpc.log").path
        try """
        2 123456789012 eni-1 10.0.0.5 8.8.8.8 0 0 1 4 336 1767225600 1767225660 ACCEPT OK
        2 123456789012 eni-1 8.8.8.8 10.0.0.5 0 0 1 4 336 1767225600 1767225660 ACCEPT OK
        2 123456789012 eni-1 10.0.0.6 9.9.9.9 0 0 1 4 336 1767225600 1767225660 ACCEPT OK

        """.write(toFile: log, atomically: true, encoding: .utf8)
        let run = HostileInputTests.probehound(["logs", log, "--log-format", "vpc-flow", "--format", "ndjson"], in: dir)
        #expect(run.status == 1)
        let findings = run.stdout.split(separator: "\n").filter { $0.contains("\"type\":\"finding\"") }
        #expect(findings.count == 1 && findings[0].contains("\"endpoint\":\"10.0.0.5\""))
        #expect(findings[0].contains("inferred: the flow log records ICMP without its type"))
    }

    /// Squid's native access.log: an IP lookup through the proxy is an HTTP GET probe via proxy; an
    /// OS connectivity check stays at most low (the format records no User-Agent, so a missing one
    /// proves nothing); browsing raises nothing. Lines written as Squid writes them (padded fields).
    @Test func squidAccessLogShowsLookupsThroughTheProxy() throws {
        let dir = try HostileInputTests.directory("squid")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("access.log").path
        try """
        1767225600.120    104 10.1.2.3 TCP_MISS/200 412 GET http://api.ipify.org/ - HIER_DIRECT/203.0.113.10 text/plain
        1767225601.480     98 10.1.2.3 TCP_MISS/200 398 GET http://ifconfig.me/ip - HIER_DIRECT/203.0.113.11 text/plain
        1767225602.004     51 10.1.2.4 TCP_MISS/200 233 GET http://www.msftconnecttest.com/connecttest.txt - HIER_DIRECT/203.0.113.12 text/plain
        1767225603.300   2210 10.1.2.5 TCP_MISS/200 19763 GET http://www.example.org/news/ - HIER_DIRECT/203.0.113.13 text/html
        1767225603.900   5006 10.1.2.5 TCP_TUNNEL/200 8123 CONNECT www.example.org:443 - HIER_DIRECT/203.0.113.13 -

        """.write(toFile: log, atomically: true, encoding: .utf8)
        let run = HostileInputTests.probehound(["logs", log, "--format", "ndjson", "--internal", "10.0.0.0/8"], in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let findings = lines.filter { $0["type"] as? String == "finding" }
        let lookup = try #require(findings.first { $0["endpoint"] as? String == "10.1.2.3" })
        let gets = try #require(lookup["http_get"] as? [[String: Any]])
        #expect(gets.count == 2 && gets.allSatisfy { $0["category"] as? String == "ip-lookup" && $0["via_proxy"] as? Bool == true })
        #expect(findings.allSatisfy { $0["endpoint"] as? String != "10.1.2.5" })
        if let check = findings.first(where: { $0["endpoint"] as? String == "10.1.2.4" }) { #expect(check["severity"] as? String == "low") }
        let summary = try #require(lines.last)
        #expect(summary["observations"] as? Int == 5)

        // A site layout without the URL cannot be used: an error naming the setting, nothing "clean".
        let config = dir.appendingPathComponent("bad.conf").path
        try "squid_logformat = %ts.%03tu %6tr %>a %rm\n".write(toFile: config, atomically: true, encoding: .utf8)
        let bad = HostileInputTests.probehound(["logs", log, "--config", config, "--log-format", "squid"], in: dir)
        #expect(bad.status == 2 && bad.stderr.contains("squid_logformat") && bad.stderr.contains("%ru"), "\(bad.stderr)")
    }

    /// DNS-based IP discovery seen by the resolver service: Umbrella's DNS log of `myip.opendns.com`
    /// (which OpenDNS answers with the asker's own address) flags the client as an IP lookup by DNS;
    /// an OS connectivity-check name alone raises nothing.
    @Test func umbrellaDNSLogShowsDNSBasedIPDiscovery() throws {
        let dir = try HostileInputTests.directory("umbrella")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("dnslogs.csv").path
        try """
        "2026-01-01 10:00:00","host-a","host-a,Roaming Computers","10.1.2.3","198.51.100.7","Allowed","1 (A)","NOERROR","myip.opendns.com.","Infrastructure","Roaming Computers","Roaming Computers",""
        "2026-01-01 10:00:05","host-b","host-b","10.1.2.4","198.51.100.7","Allowed","1 (A)","NOERROR","www.msftconnecttest.com.","Infrastructure","Roaming Computers","Roaming Computers",""
        "2026-01-01 10:00:06","host-b","host-b","10.1.2.4","198.51.100.7","Allowed","1 (A)","NOERROR","www.example.org.","News","Roaming Computers","Roaming Computers",""

        """.write(toFile: log, atomically: true, encoding: .utf8)
        let run = HostileInputTests.probehound(["logs", log, "--format", "ndjson"], in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        let findings = run.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            .filter { $0["type"] as? String == "finding" }
        #expect(findings.count == 1 && findings.first?["endpoint"] as? String == "10.1.2.3")
        let names = try #require(findings.first?["dns"] as? [[String: Any]])
        #expect(names.first?["query"] as? String == "myip.opendns.com" && names.first?["category"] as? String == "ip-lookup")
    }
}
