import FirewallLogs
import Foundation
import ProbeHoundCore
import Testing

/// Peers' pipeline fixtures (Elastic, Logstash) with their expected parses: every record's
/// addresses, transport, ports, ICMP type/code and action must equal the peer's in ≥ 99 % of records.
@Suite struct FixtureConformanceTests {
    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// What the peer says one record holds; nil fields were not asserted by the peer.
    struct Expected {
        var line: String
        var source: String?
        var destination: String?
        var transport: String?
        var sourcePort: Int?
        var destinationPort: Int?
        var icmpType: Int?
        var icmpCode: Int?
        var action: FirewallAction?
    }

    static func action(_ text: String?) -> FirewallAction? {
        switch text?.lowercased() {
        case "drop", "deny", "denied", "block", "reject", "dropped", "blocked": .deny
        case "accept", "pass", "allow", "allowed", "permitted", "close": .allow
        default: nil
        }
    }

    static func transportName(_ number: UInt8) -> String {
        switch number {
        case 1: "icmp"
        case 6: "tcp"
        case 17: "udp"
        case 58: "ipv6-icmp"
        case 47: "gre"
        case 50: "esp"
        case 2: "igmp"
        default: String(number)
        }
    }

    static func elastic(_ path: String) throws -> [Expected] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(path))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (root["expected"] as! [[String: Any]]).map { event in
            let source = event["source"] as? [String: Any], destination = event["destination"] as? [String: Any]
            let network = event["network"] as? [String: Any]
            let eventBlock = event["event"] as? [String: Any]
            let icmp = ((event["iptables"] as? [String: Any])?["icmp"] ?? (event["pfsense"] as? [String: Any])?["icmp"]) as? [String: Any]
            let original = (eventBlock?["original"] as? String) ?? (event["message"] as? String) ?? ""
            let asa = (event["cisco"] as? [String: Any])?["asa"] as? [String: Any]
            var transport = network?["transport"] as? String
            if transport == nil, let iana = network?["iana_number"] as? String { transport = iana }
            return Expected(line: original, source: source?["ip"] as? String,
                            destination: destination?["ip"] as? String, transport: transport,
                            sourcePort: source?["port"] as? Int, destinationPort: destination?["port"] as? Int,
                            icmpType: (icmp?["type"] as? Int) ?? (asa?["icmp_type"] as? Int), icmpCode: (icmp?["code"] as? Int) ?? (asa?["icmp_code"] as? Int),
                            action: action(eventBlock?["action"] as? String))
        }
    }

    static func logstash(_ path: String) throws -> [Expected] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(path), encoding: .utf8)
        return text.split(separator: "\n").map { row in
            let object = try! JSONSerialization.jsonObject(with: Data(row.utf8)) as! [String: Any]
            var expected = Expected(line: object["message"] as! String)
            for part in (object["expect_ecs"] as? [[String: Any]]) ?? [] {
                if let source = part["source"] as? [String: Any] {
                    expected.source = source["ip"] as? String ?? expected.source
                    expected.sourcePort = source["port"] as? Int ?? expected.sourcePort
                }
                if let destination = part["destination"] as? [String: Any] {
                    expected.destination = destination["ip"] as? String ?? expected.destination
                    expected.destinationPort = destination["port"] as? Int ?? expected.destinationPort
                }
                if let network = part["network"] as? [String: Any], let transport = network["transport"] as? String {
                    expected.transport = transport.lowercased()
                }
            }
            for part in (object["expect_legacy"] as? [[String: Any]]) ?? [] {
                expected.source = expected.source ?? part["nf_src_ip"] as? String
                expected.destination = expected.destination ?? part["nf_dst_ip"] as? String
                expected.transport = expected.transport ?? (part["nf_protocol"] as? String)?.lowercased()
            }
            return expected
        }
    }

    /// Peer expectations we deliberately do not follow, each with the reason (also in Tests/FirewallLogsTests/README.md).
    static let disagreements: [(fragment: String, reason: String)] = [
        ("Built outbound TCP connection 11757", "Logstash's grok takes the `for` side as source whatever the direction; Cisco's and Elastic's reading (test-302020-direction) is that an outbound connection starts at the inside (`to`) side"),
        ("302020: Built inbound ICMP connection for faddr 10.137.200.251", "Logstash swaps the sides of an inbound ICMP build; Elastic's direction fixture and Cisco's message reference make faddr the initiator"),
        ("302021: Teardown ICMP", "teardowns repeat their build message; counted as no_traffic so one ping session is not counted twice"),
        ("Built dynamic TCP translation", "305011 is a NAT table entry, not a packet or connection"),
        ("IPSEC: An outbound LAN-to-LAN SA", "602303 names tunnel peers, not traffic"),
        ("Automatic NAT Detection Status", "713172 is an IKE status message"),
        ("dst inside:www.example.com/23", "the destination is a name, not an address; an observation needs addresses"),
        ("192.168.2.2/123412", "123412 is not a port (> 65535); the port is left empty instead of copied"),
    ]

    /// Parses each expected line with `format` and returns the mismatches and the number compared.
    static func compare(_ records: [Expected], format: LogFormat) -> (mismatches: [String], compared: Int) {
        var parser = format.makeParser()
        var mismatches: [String] = []
        var compared = 0
        for record in records {
            let bytes = Array(record.line.utf8)
            var observation = Observation()
            let verdict = parser.parse(bytes.span, into: &observation, context: LogContext(defaultYear: 2024))
            guard record.source != nil || record.destination != nil,
                  !disagreements.contains(where: { record.line.contains($0.fragment) }) else {
                // The peer found no traffic in it either (status lines, DHCP, ...): not compared.
                continue
            }
            compared += 1
            guard verdict == .observation else {
                mismatches.append("not parsed: \(record.line)")
                continue
            }
            var problems: [String] = []
            if let source = record.source, IPAddress(source) != observation.source { problems.append("src \(observation.source) ≠ \(source)") }
            if let destination = record.destination, IPAddress(destination) != observation.destination { problems.append("dst \(observation.destination) ≠ \(destination)") }
            if let transport = record.transport {
                let ours = transportName(observation.ipProtocol)
                if ours != transport && String(observation.ipProtocol) != transport { problems.append("proto \(ours) ≠ \(transport)") }
            }
            // ICMP has no ports: a peer writing 0 and our empty field say the same.
            let portless = observation.ipProtocol == IPProtocolNumber.icmp || observation.ipProtocol == IPProtocolNumber.icmpv6
            if let port = record.sourcePort, !(portless && port == 0), observation.sourcePort.map(Int.init) != port { problems.append("sport \(String(describing: observation.sourcePort)) ≠ \(port)") }
            if let port = record.destinationPort, !(portless && port == 0), observation.destinationPort.map(Int.init) != port { problems.append("dport \(String(describing: observation.destinationPort)) ≠ \(port)") }
            if let type = record.icmpType, observation.icmpType.map(Int.init) != type { problems.append("icmp type \(String(describing: observation.icmpType)) ≠ \(type)") }
            if let code = record.icmpCode, observation.icmpCode.map(Int.init) != code { problems.append("icmp code \(String(describing: observation.icmpCode)) ≠ \(code)") }
            if let action = record.action, observation.action != action { problems.append("action \(String(describing: observation.action)) ≠ \(action)") }
            if !problems.isEmpty { mismatches.append(problems.joined(separator: ", ") + " in: " + record.line) }
        }
        return (mismatches, compared)
    }

    /// Elastic's `-expected.json` files and Logstash's spec cases, each in its peer's layout.
    @Test(arguments: [
        ("iptables/test-iptables-raw.log-expected.partial.json", LogFormat.iptables),
        ("pfsense-opnsense/test-opensense.log-expected.json", .pf),
        ("pfsense-opnsense/test-pfsense-bsd.log-expected.partial.json", .pf),
        ("cisco-asa/test-302020-direction.log-expected.json", .asa),
        ("aws-vpc-flow/test-v5-all-fields.log-expected.json", .vpcFlow),
        ("fortigate/test-fortinet-7-4.log-expected.partial.json", .fortigate),
        ("panos/test-panw-panos-traffic-sample.log-expected.ping-event.partial.json", .panos),
        ("iptables/logstash-firewalls_spec-sfw2.jsonl", .iptables),
        ("iptables/logstash-shorewall_spec.jsonl", .iptables),
        ("cisco-asa/logstash-firewalls_spec-cisco.jsonl", .asa),
    ])
    func peersExpectedParses(_ path: String, format: LogFormat) throws {
        let records = path.hasSuffix(".jsonl") ? try Self.logstash(path) : try Self.elastic(path)
        let (mismatches, compared) = Self.compare(records, format: format)
        #expect(compared > 0)
        #expect(Double(compared - mismatches.count) >= 0.99 * Double(compared), "\(path): \(mismatches.joined(separator: "\n"))")
    }
}
