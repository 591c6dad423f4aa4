import FirewallLogs
import Foundation
import ProbeHoundCore
import Testing

/// Linux audit EXECVE records (`auditd`) against go-libaudit's parse of the same RHEL 7 log, and
/// the hex encoding auditd uses for arguments with spaces or quotes.
@Suite struct AuditdParserTests {
    @Test func commandLinesMatchGoLibaudit() throws {
        let lines = try ParserTests.fixture("auditd/go-libaudit_auparse_testdata_audit-rhel7.log").filter { !$0.isEmpty }
        let golden = try JSONSerialization.jsonObject(with: Data(contentsOf: FixtureConformanceTests.fixtures
            .appendingPathComponent("auditd/go-libaudit_auparse_testdata_audit-rhel7.log.golden"))) as! [Any]
        var expected: [Int: String] = [:]
        for case let record as [String: Any] in golden where (record["record_type"] as? String) == "execve" {
            let data = record["data"] as? [String: Any] ?? [:]
            guard let count = (data["argc"] as? String).flatMap({ Int($0) }), let serial = record["sequence"] as? Int else { continue }
            expected[serial] = (0..<count).map { data["a\($0)"] as? String ?? "" }.joined(separator: " ")
        }
        #expect(!expected.isEmpty)
        var compared = 0
        for (verdict, o, bytes) in ParserTests.parse(.auditd, lines) {
            guard verdict == .observation, let process = o.process else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            let serial = Int(text.split(separator: ":")[1].prefix { $0.isNumber })!
            guard let argv = expected[serial] else { continue }
            #expect(process.text(process.commandLine, in: bytes.span) == argv, "record \(serial)")
            compared += 1
        }
        #expect(compared == expected.count)
    }

    @Test func recordsOfOneExecution() throws {
        let lines = try ParserTests.fixture("auditd/otrf-sh_arp_cache_2020-11-10074812.log").filter { !$0.isEmpty }
        let results = ParserTests.parse(.auditd, lines)
        let started = results.filter { $0.0 == .observation }
        #expect(started.count == 2 && results.filter { $0.0 == .skipped(.noTraffic) }.count == lines.count - 2)
        let (_, o, bytes) = started[0]
        #expect(o.process?.text(o.process?.image, in: bytes.span) == "arp" && o.process?.text(o.process?.commandLine, in: bytes.span) == "arp -a")
        #expect(o.timestamp.iso8601 == "2020-11-10T07:48:16.155000Z")
        #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.auditd])
    }

    @Test func hexArgumentsNodesAndSyslog() {
        let lines = [
            #"node=web01 type=EXECVE msg=audit(1604994650.155:92806): argc=3 a0="sh" a1="-c" a2=70696E67202D63203420382E382E382E38"#,
            #"Nov 10 07:50:50 web02 audisp-syslog: type=EXECVE msg=audit(1604994650.155:92807): argc=2 a0="ping" a1="9.9.9.9""#,
            #"type=EXECVE msg=audit(1604994650.1:1): argc=2 a0="x" a1_len=6 a1[0]=41 a1[1]=(null)"#,
            #"type=EXECVE msg=audit(bad): argc=1 a0="x""#,
        ]
        let results = ParserTests.parse(.auditd, lines)
        #expect(results.map(\.0) == [.observation, .observation, .observation, .skipped(.unparsed)])
        func text(_ index: Int, _ field: KeyPath<ProcessActivity, ByteRange?>) -> String? {
            let bytes = results[index].2
            guard let process = results[index].1.process else { return nil }
            return process.text(process[keyPath: field], in: bytes.span)
        }
        #expect(text(0, \.commandLine) == "sh -c ping -c 4 8.8.8.8" && text(0, \.host) == "web01")
        #expect(text(1, \.host) == "web02" && text(1, \.commandLine) == "ping 9.9.9.9")
        #expect(text(2, \.commandLine) == "x A" && results[2].1.timestamp.iso8601 == "2020-11-10T07:50:50.100000Z")
    }
}
