import Engine
import Detection
import FirewallLogs
import Foundation
import ProbeHoundCore
import Testing

/// The labelled scenarios as other products log them (`Scripts/render-log-scenario` renders the
/// gateway's ulogd JSON as Cisco ASA, Windows Firewall, Zeek conn.log, pfSense, PAN-OS, FortiGate,
/// VPC flow logs, Juniper SRX, ScreenOS, Check Point, SonicWall and Sophos XG into `Captures/logs/rendered/`). Most of those formats carry no TTL and no
/// quoted packet, so traceroutes rest on time-exceeded records tied to the probes by time: every
/// traceroute the format can show must come out with its method and target, every prober must be
/// flagged, nothing benign may be.
@Suite struct RenderedLogScenarioTests {
    static let scenarios = ["a_compromised_linux", "b_benign_noise", "c_ipv6", "d_windows_like", "e_mixed"]
    static let formats = ["asa", "windows-firewall", "zeek-conn", "pfsense", "panos", "fortigate", "vpc", "juniper-srx", "netscreen", "checkpoint", "sonicwall", "sophos"]

    /// What a format can show of a traceroute. PAN-OS and VPC log no ICMP type, so time-exceeded
    /// records cannot be told from other ICMP; Juniper SRX, ScreenOS, Check Point, SonicWall and Sophos log sessions,
    /// and router errors open none: only UDP traceroutes on consecutive traceroute ports remain. The
    /// ASA rendition has no ICMPv6 messages.
    static func canShow(_ trace: [String: Any], format: String) -> Bool {
        let method = trace["method"] as! String, target = trace["target_ip"] as! String
        switch format {
        case "panos", "vpc", "juniper-srx", "netscreen", "checkpoint", "sonicwall", "sophos": return method == "udp" && (trace["tool"] as! String).contains("33434")
        case "asa": return !(method == "icmp" && target.contains(":"))
        default: return true
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let scenario: String
        let format: String
        var testDescription: String { "\(scenario).\(format)" }
    }

    static let cases = scenarios.flatMap { scenario in formats.map { Case(scenario: scenario, format: $0) } }

    @Test(arguments: cases)
    func everyTracerouteTheFormatShows(_ testCase: Case) throws {
        let path = CaptureRun.capturesDirectory + "/logs/rendered/\(testCase.scenario).\(testCase.format).log"
        let (analyzer, findings, failures) = LogRunTests.run([path])
        #expect(failures.isEmpty)
        let summary = analyzer.summary
        #expect(summary.packets == summary.observations + summary.skipped.total)
        #expect(summary.skipped[.unparsed] == 0, "\(testCase): \(summary.skipped[.unparsed]) lines not read")

        let labels = try GeneratedCaptureTests.labels(testCase.scenario)
        var flaggable = Set<String>()
        var probed = Set<String>()
        for endpoint in labels["endpoints_to_flag"] as! [[String: Any]] {
            let v4 = endpoint["ip"] as! String, v6 = endpoint["ipv6"] as! String
            flaggable.formUnion([v4, v6])
            let mine = findings.filter { $0.endpoint.description == v4 || $0.endpoint.description == v6 }
            let labelled = (endpoint["traceroute"] as? [[String: Any]]) ?? []
            // VPC records of ICMP carry no type: outbound ICMP is echo only where an answer record came
            // back, and these gateways logged none. A prober with nothing else is invisible there.
            if testCase.format != "vpc" || labelled.contains(where: { Self.canShow($0, format: testCase.format) }) {
                #expect(!mine.isEmpty, "\(testCase): \(v4) not flagged")
            }
            let traces = mine.flatMap(\.traceroutes)
            for trace in labelled {
                probed.insert(trace["target_ip"] as! String)
                guard Self.canShow(trace, format: testCase.format) else { continue }
                let target = trace["target_ip"] as! String, method = trace["method"] as! String
                #expect(traces.contains { $0.target.description == target && $0.method.rawValue == method },
                        "\(testCase): \(method) traceroute to \(target) not found")
            }
            for echo in (endpoint["icmp_echo"] as? [[String: Any]]) ?? [] { probed.insert(echo["target_ip"] as! String) }
        }
        #expect(findings.allSatisfy { flaggable.contains($0.endpoint.description) },
                "\(testCase): flagged \(findings.map(\.endpoint.description).filter { !flaggable.contains($0) })")
        // A traceroute's target is one the prober did probe, and its method is known.
        for trace in findings.flatMap(\.traceroutes) {
            #expect(trace.method != .unknown, "\(testCase): a traceroute of unknown method")
            #expect(probed.contains(trace.target.description), "\(testCase): traceroute to \(trace.target), which nobody probed")
        }
    }
}
