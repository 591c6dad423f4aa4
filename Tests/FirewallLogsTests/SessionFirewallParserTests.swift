import FirewallLogs
import Foundation
import ProbeHoundCore
import Testing

/// Juniper SRX (`RT_FLOW`, structured and text), ScreenOS, Check Point and SonicWall session logs, on the
/// upstream fixtures (Elastic's pipeline tests, Logstash's pattern specs, Wazuh's rule tests).
@Suite struct SessionFirewallParserTests {
    static func wazuhLines(_ path: String) throws -> [String] {
        try ParserTests.fixture(path).compactMap { line in
            guard let range = line.range(of: " pass = ") else { return nil }
            return String(line[range.upperBound...])
        }
    }

    @Test func juniperStructuredSessions() throws {
        let lines = try ParserTests.fixture("juniper-srx/test-flow.excerpt.log").filter { !$0.isEmpty }
        let results = ParserTests.parse(.juniperSRX, lines)
        #expect(results.count == 10)
        // An allowed ICMP session is an echo request: the sequence number and identifier are its ports.
        let (verdict, echo, _) = results[0]
        #expect(verdict == .observation && echo.icmpType == 8 && echo.icmpSequence == 594 && echo.icmpID == 10400 && echo.action == .allow)
        #expect(echo.source.description == "10.0.0.1" && echo.destination.description == "67.43.156.13" && echo.sourcePort == nil)
        #expect(echo.timestamp.iso8601 == "2019-11-14T08:37:51.184000Z")
        let deny = results[1].1
        #expect(results[1].0 == .observation && deny.action == .deny && deny.ipProtocol == IPProtocolNumber.udp && deny.destinationPort == 161)
        // The CLOSE of a session whose CREATE was read is not counted again; a CLOSE alone is the session.
        #expect(results[4].0 == .observation && results[5].0 == .skipped(.noTraffic))
        #expect(results[3].0 == .observation && results[3].1.action == .allow)
        // APPTRACK records are not sessions of the flow module.
        #expect(results[7].0 == .skipped(.noTraffic) && results[8].0 == .skipped(.noTraffic))
        #expect(results[9].0 == .observation && results[9].1.action == .deny)
        #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.juniperSRX])
    }

    @Test func juniperTextSessions() throws {
        let lines = try ParserTests.fixture("juniper-srx/logstash-junos_spec.log").filter { !$0.isEmpty }
        let results = ParserTests.parse(.juniperSRX, lines)
        #expect(results.allSatisfy { $0.0 == .observation })
        let (_, close, _) = results[0]
        #expect(close.source.description == "10.10.10.2" && close.sourcePort == 53836 && close.destination.description == "10.10.10.1"
                && close.destinationPort == 22 && close.ipProtocol == IPProtocolNumber.tcp && close.packetCount == 78)
        let deny = results[2].1
        #expect(deny.action == .deny && deny.ipProtocol == IPProtocolNumber.udp && deny.destinationPort == 53)
        let relayed = try Self.wazuhLines("juniper-srx/wazuh-junos.ini").filter { $0.contains("RT_FLOW_SESSION_") }
        #expect(!relayed.isEmpty && ParserTests.parse(.juniperSRX, relayed).allSatisfy { $0.0 == .observation })
    }

    @Test func netscreenTraffic() throws {
        // The spec's third case wraps onto a fourth line; the records are the lines naming the device.
        let lines = try ParserTests.fixture("netscreen/logstash-netscreen_spec.log").filter { $0.contains("NetScreen device_id=") }
        let results = ParserTests.parse(.netscreen, lines)
        #expect(results.count == 3 && results.allSatisfy { $0.0 == .observation })
        let (_, first, _) = results[0]
        #expect(first.source.description == "74.168.138.252" && first.sourcePort == 1732 && first.destinationPort == 443)
        #expect(first.ipProtocol == IPProtocolNumber.tcp && first.action == .allow && first.timestamp.iso8601 == "2015-11-11T10:02:10.000000Z")
        #expect(results[2].1.action == .deny && results[2].1.ipProtocol == IPProtocolNumber.udp)
        let icmp = "Feb  5 19:39:42 10.1.1.1 ns25: NetScreen device_id=00351653456  [Root]system-notification-00257(traffic): start_time=\"2003-02-05 19:39:04\" duration=0 policy_id=2 service=icmp proto=1 src zone=Trust dst zone=Untrust action=Permit sent=102 rcvd=0 src=192.168.10.10 dst=8.8.8.8 icmp type=8 session_id=7"
        let (verdict, echo, _) = ParserTests.parse(.netscreen, [icmp])[0]
        #expect(verdict == .observation && echo.icmpType == 8 && echo.destination.description == "8.8.8.8" && echo.sourcePort == nil)
        // Other ScreenOS messages (configuration, management, screens) are understood, not traffic.
        let others = try Self.wazuhLines("netscreen/wazuh-netscreen.ini").filter { !$0.contains("(traffic)") }
        #expect(!others.isEmpty && ParserTests.parse(.netscreen, others).allSatisfy { $0.0 == .skipped(.noTraffic) })
        #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.netscreen])
    }

    @Test func checkPointLogExporter() throws {
        let lines = try ParserTests.fixture("checkpoint/test-packet-drop.log").filter { !$0.isEmpty }
        var parser = LogFormat.checkpoint.makeParser()
        var records: [Observation] = []
        for line in lines {
            let bytes = Array(line.utf8)
            let result = parser.parseRecords(bytes.span, template: Observation(), context: LogContext(defaultYear: 2026)) { records.append($0) }
            #expect(result.verdict == .observation)
        }
        // Each drop summary stands for the tuples its `packets` field lists (5 and 3 here).
        #expect(records.count == 8 && records.allSatisfy { $0.action == .deny && $0.source.description == "81.2.69.142" })
        #expect(records[0].destinationPort == 1990 && records[0].sourcePort == 59912 && records[0].timestamp.iso8601 == "2025-01-21T09:36:10.000000Z")
        let wazuh = try Self.wazuhLines("checkpoint/wazuh-checkpoint_smart1.ini")
        let parsed = ParserTests.parse(.checkpoint, wazuh)
        #expect(parsed.allSatisfy { $0.0 != .skipped(.unparsed) })
        let withAddresses = parsed.filter { $0.0 == .observation }
        #expect(withAddresses.contains { $0.1.ipProtocol == IPProtocolNumber.udp && $0.1.destinationPort == 1514 })
        let icmp = #"<134>1 2026-01-01T10:00:00Z gw CheckPoint 1 - [action:"Accept"; ifdir:"outbound"; time:"1767261600"; dst:"8.8.8.8"; icmp-code:"0"; icmp-type:"8"; proto:"1"; src:"10.0.0.5"; rule_name:"a \"quoted\" \]rule"]"#
        let (verdict, echo, _) = ParserTests.parse(.checkpoint, [icmp])[0]
        #expect(verdict == .observation && echo.icmpType == 8 && echo.action == .allow && echo.timestamp.iso8601 == "2026-01-01T10:00:00.000000Z")
        #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.checkpoint])
    }

    @Test func sonicWallRecords() throws {
        let lines = try Self.wazuhLines("sonicwall/wazuh-SonicWall.ini")
        let results = ParserTests.parse(.sonicwall, lines)
        #expect(results.count == 8 && results.allSatisfy { $0.0 != .skipped(.unparsed) })
        let (_, icmp, _) = results[0]
        // SonicOS writes an ICMP record's type in the destination's port field.
        #expect(icmp.ipProtocol == IPProtocolNumber.icmp && icmp.source.description == "10.12.14.9" && icmp.timestamp.iso8601 == "2019-02-27T12:55:40.000000Z")
        let (_, v6, _) = results[1]
        #expect(v6.source.description == "fe80::9851:b780:9d9d:a29e" && v6.sourcePort == 49702 && v6.destinationPort == 5355 && v6.ipProtocol == IPProtocolNumber.udp)
        let (_, dropped, _) = results[2]
        #expect(dropped.ipProtocol == IPProtocolNumber.tcp && dropped.action == .deny && dropped.destinationPort == 445)
        let (_, web, bytes) = results[6]
        #expect(web.destinationPort == 443 && web.http?.host?.string(in: bytes.span) == "example.com" && web.action == .deny)
        #expect(results[4].0 == .skipped(.noTraffic), "a VPN failure names hosts but carries no traffic")
        let echo = #"id=firewall sn=0017C5A1B2C3 time="2026-11-23 05:01:33 UTC" fw=192.0.2.254 pri=6 c=1024 m=98 msg="Connection Opened" n=5 src=10.0.0.5:2773:X0 dst=8.8.8.8:8:X1 proto=icmp"#
        let (verdict, o, _) = ParserTests.parse(.sonicwall, [echo])[0]
        #expect(verdict == .observation && o.icmpType == 8 && o.action == .allow)
        // Where both are logged, a connection counts at its opening only.
        let pair = [echo, echo.replacingOccurrences(of: "m=98 msg=\"Connection Opened\"", with: "m=537 msg=\"Connection Closed\"")]
        #expect(ParserTests.parse(.sonicwall, pair).map(\.0) == [.observation, .skipped(.noTraffic)])
        #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.sonicwall])
    }

    @Test func sophosContentFilteringAndFirewall() throws {
        let lines = try ParserTests.fixture("sophos/sophos-xg-test-sophos-18-5-content-filtering-http.log").filter { !$0.isEmpty }
        let results = ParserTests.parse(.sophos, lines)
        #expect(results.count == 8 && results.allSatisfy { $0.0 == .observation })
        let (_, web, bytes) = results[0]
        #expect(web.source.description == "192.168.73.220" && web.destination.description == "67.43.156.13" && web.destinationPort == 80)
        #expect(web.http?.host?.string(in: bytes.span) == "floater.baldrys.ca" && web.http?.target.string(in: bytes.span) == "/adsenum.exe")
        #expect(web.http?.headersRecorded == false && web.timestamp.iso8601 == "2016-12-02T18:27:03.000000Z" && web.action == .allow)
        let firewall = [
            #"device="SFW" date=2026-01-01 time=10:00:00 timezone="UTC" log_type="Firewall" log_component="Firewall Rule" log_subtype="Allowed" src_ip=10.0.0.5 dst_ip=8.8.8.8 protocol="ICMP""#,
            #"device_name="XGS" timestamp="2026-01-01T13:00:01+0300" log_type="Firewall" log_component="Firewall Rule" log_subtype="Denied" src_ip="10.0.0.5" dst_ip="198.51.100.7" protocol="UDP" src_port=40000 dst_port=33434"#,
        ]
        let (_, echo, _) = ParserTests.parse(.sophos, firewall)[0]
        // An allowed ICMP connection without a type is an echo request: only queries open connections.
        #expect(echo.icmpType == 8 && echo.action == .allow && echo.sourcePort == nil)
        let (_, udp, _) = ParserTests.parse(.sophos, firewall)[1]
        #expect(udp.action == .deny && udp.destinationPort == 33434 && udp.timestamp.iso8601 == "2026-01-01T10:00:01.000000Z")
        #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.sophos])
    }
}
