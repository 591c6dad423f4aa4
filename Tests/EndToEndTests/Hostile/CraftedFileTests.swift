import Foundation
import Testing

/// Crafted capture and log files (Tests/EndToEndTests/Regressions/crafted, made by
/// Scripts/make-crafted-regressions) end as an error naming the file or as counted skips, never a
/// crash; the other inputs of the run are still analysed and reported.
@Suite struct CraftedFileTests {
    static let crafted = ScriptRun.packageRoot.appendingPathComponent("Tests/EndToEndTests/Regressions/crafted").path

    /// File, command and forced log format (nil: captures, or auto-detection).
    @Test(arguments: [
        ("pcapng-spb-length-12.pcapng", nil), ("pcapng-tsoffset-int64-min.pcapng", nil), ("pcapng-tsoffset-extremes.pcapng", nil),
        ("pcapng-tsresol-one-per-second.pcapng", nil), ("traceroute-ttl-zero.pcap", nil),
        ("ulogd-usec-overflow.json", "ulogd-json"), ("zeek-fields-cut.log", "zeek-conn"), ("vpc-header-dollar-brace.log", "vpc-flow"),
        ("syslog-offset-cut.log", "iptables"), ("vpc-packet-counts-huge.log", "vpc-flow"), ("syslog-years.log", "iptables"),
    ] as [(String, String?)])
    func craftedFileEndsWithoutACrash(_ name: String, _ format: String?) throws {
        let dir = try HostileInputTests.directory("crafted-\(name)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = "\(Self.crafted)/\(name)"
        let isLog = format != nil
        for output in ["table", "ndjson", "csv", "html", "ecs"] {
            var arguments = [isLog ? "logs" : "read", path, "--format", output]
            if let format { arguments += ["--log-format", format] }
            let run = HostileInputTests.probehound(arguments, in: dir)
            #expect([0, 1, 2].contains(run.status), "\(name) \(output): exit \(run.status) \(run.stderr)")
            #expect(!run.stderr.contains("Fatal error"))
        }
    }

    @Test func badBlockIsNamedAndTheOtherInputsAreStillReported() throws {
        let dir = try HostileInputTests.directory("crafted-directory")
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = dir.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for name in ["pcapng-spb-length-12.pcapng", "pcapng-tsoffset-extremes.pcapng"] {
            try FileManager.default.copyItem(atPath: "\(Self.crafted)/\(name)", toPath: inputs.appendingPathComponent(name).path)
        }
        try FileManager.default.copyItem(atPath: "\(CaptureRun.capturesDirectory)/a_compromised_linux.pcap",
                                         toPath: inputs.appendingPathComponent("z_good.pcap").path)
        let run = HostileInputTests.probehound(["read", inputs.path], in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("192.168.56.59"))
        #expect(run.stderr.contains("pcapng-spb-length-12.pcapng: simple packet block too short (12 bytes)"), "\(run.stderr)")
    }

    @Test func timestampsAtTheLimitsStayInRange() throws {
        let dir = try HostileInputTests.directory("crafted-times")
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["pcapng-tsoffset-extremes.pcapng", "pcapng-tsresol-one-per-second.pcapng"] {
            let run = HostileInputTests.probehound(["read", "\(Self.crafted)/\(name)", "--emit", "observations"], in: dir)
            let times = run.stdout.split(separator: "\n").compactMap { line -> String? in
                guard let range = line.range(of: "\"ts\":\"") else { return nil }
                return String(line[range.upperBound...].prefix(4))
            }
            #expect(!times.isEmpty)
            #expect(times.allSatisfy { Int($0).map { (1...9999).contains($0) } ?? false }, "\(times)")
        }
    }
}
