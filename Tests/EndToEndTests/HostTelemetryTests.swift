import Detection
import Engine
import Foundation
import ProbeHoundCore
import Testing

/// `probehound logs` on host telemetry (`Captures/logs/windows_events_probes.jsonl`: real OTRF
/// records of WORKSTATION5 carrying the Atomic Red Team probes), alone and beside a firewall log.
@Suite struct HostTelemetryTests {
    static let telemetry = CaptureRun.capturesDirectory + "/logs/windows_events_probes.jsonl"

    @Test func theWorkstationIsFlaggedWithEachProgramAndTheUnplacedProbeIsCounted() throws {
        let (analyzer, findings, failures) = LogRunTests.run([Self.telemetry])
        #expect(failures.isEmpty)
        let finding = try #require(findings.first { $0.endpoint.description == "192.168.2.5" })
        #expect(findings.count == 1 && finding.kinds == [.process])
        #expect(finding.score == ScoreRule.processProbeCommand.points + 3 * ScoreRule.processFurtherPurpose.points)
        let probes = finding.sections.flatMap { section -> [ProcessProbe] in
            guard case .processes(let probes) = section else { return [] }
            return probes
        }
        #expect(probes.map(\.purpose) == [.ping, .traceroute, .connectionTest, .resolvedLookup, .webRequest, .nameLookup])
        #expect(probes.allSatisfy { $0.host == "WORKSTATION5" })
        #expect(probes[0].user == #"WORKSTATION5\APT-Simulator"# && probes[0].parentImage == #"C:\Windows\System32\cmd.exe"#)
        #expect(analyzer.summary.processProbesWithoutAddress == 1 && analyzer.summary.hostsWithoutAddress == ["WORKSTATION7"])
    }

    @Test func besideAFirewallLogTheSameHostGainsItsPrograms() throws {
        var config = DetectionConfig()
        config.hostAddresses = ["workstation7": IPAddress("192.168.56.74")!]
        let analyzer = LogAnalyzer(config: config)
        #expect(analyzer.read([CaptureRun.capturesDirectory + "/logs/fw_d_windows_like.log", Self.telemetry], format: nil, year: 2026).isEmpty)
        let finding = try #require(analyzer.finish().first { $0.endpoint.description == "192.168.56.74" })
        #expect(finding.kinds.contains(.icmpEcho) && finding.kinds.contains(.traceroute) && finding.kinds.contains(.process))
        #expect(analyzer.summary.processProbesWithoutAddress == 0)
    }

    @Test func probesNoFindingCouldHoldAreNotAQuietRun() throws {
        let dir = try HostileInputTests.directory("unplaced")
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = try String(contentsOfFile: Self.telemetry, encoding: .utf8).split(separator: "\n").filter { $0.contains("WORKSTATION7") }
        let path = dir.appendingPathComponent("ws7.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let run = HostileInputTests.probehound(["logs", path, "--no-progress"], in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("no address is known for WORKSTATION7") && run.stdout.contains("--host-address"))
        let placed = HostileInputTests.probehound(["logs", path, "--no-progress", "--host-address", "workstation7.corp=10.9.9.9"], in: dir)
        #expect(placed.status == 1 && placed.stdout.contains("10.9.9.9") && !placed.stderr.contains("no address"))
        let wrong = HostileInputTests.probehound(["logs", path, "--host-address", "workstation7"], in: dir)
        #expect(wrong.status == 2 && wrong.stderr.contains("is not NAME=IP"))
    }

    @Test func linuxAuditRecordsOfAMachineThatNamesNoHost() throws {
        let path = CaptureRun.capturesDirectory + "/logs/auditd_probes.log"
        var config = DetectionConfig()
        config.hostAddresses = ["": IPAddress("10.0.0.7")!]
        let analyzer = LogAnalyzer(config: config)
        #expect(analyzer.read([path], format: nil, year: 2026).isEmpty)
        let finding = try #require(analyzer.finish().first)
        #expect(finding.endpoint.description == "10.0.0.7" && finding.kinds == [.process])
        let purposes = finding.sections.flatMap { section -> [ProcessProbe.Purpose] in
            guard case .processes(let probes) = section else { return [] }
            return probes.map(\.purpose)
        }
        #expect(purposes == [.ping, .traceroute, .webRequest, .nameLookup])
        #expect(analyzer.summary.hostsWithoutAddress == ["web01"])
    }

    @Test func osqueryProcessEventsOfAHostWhoseSocketEventsShowItsAddress() throws {
        let (_, findings, failures) = LogRunTests.run([CaptureRun.capturesDirectory + "/logs/osquery_probes.jsonl"])
        #expect(failures.isEmpty)
        let finding = try #require(findings.first)
        #expect(findings.count == 1 && finding.endpoint.description == "10.0.2.15" && finding.kinds == [.process])
        let targets = finding.sections.flatMap { section -> [String] in
            guard case .processes(let probes) = section else { return [] }
            return probes.map(\.target)
        }
        #expect(targets == ["ifconfig.me", "1.1.1.1"], "curl google.com is no probe")
    }
}
