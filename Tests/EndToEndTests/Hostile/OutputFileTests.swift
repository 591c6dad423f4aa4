import Foundation
import Testing

/// `--output` never wipes an input, never follows a planted symlink, keeps the previous report when
/// a run fails, and a write error is a message and exit 3. A run that analysed nothing exits 2.
@Suite struct OutputFileTests {
    static let sample = "\(CaptureRun.capturesDirectory)/a_compromised_linux.pcap"

    @Test func outputOntoAnInputIsRefused() throws {
        let dir = try HostileInputTests.directory("output-input")
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("x.pcap").path
        try FileManager.default.copyItem(atPath: Self.sample, toPath: copy)
        let before = try Data(contentsOf: URL(fileURLWithPath: copy))
        // Also through another name for the same file.
        let link = dir.appendingPathComponent("alias.pcap").path
        try FileManager.default.linkItem(atPath: copy, toPath: link)
        for target in [copy, link] {
            let run = HostileInputTests.probehound(["read", copy, "--output", target], in: dir)
            #expect(run.status == 2)
            #expect(run.stderr.contains("refusing to write the report over one of the inputs"), "\(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before)
    }

    @Test func aFailedRunKeepsThePreviousReport() throws {
        let dir = try HostileInputTests.directory("output-failed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report.txt").path
        try "previous report\n".write(toFile: report, atomically: true, encoding: .utf8)
        let run = HostileInputTests.probehound(["read", dir.appendingPathComponent("missing.pcap").path, "--output", report], in: dir)
        #expect(run.status == 2)
        #expect(try String(contentsOfFile: report, encoding: .utf8) == "previous report\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(left.isEmpty, "temporary files left: \(left)")
        // A run that completes replaces it.
        let good = HostileInputTests.probehound(["read", Self.sample, "--output", report], in: dir)
        #expect(good.status == 1)
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("192.168.56.59"))
    }

    @Test func aPlantedSymlinkIsReplacedNotFollowed() throws {
        let dir = try HostileInputTests.directory("output-symlink")
        defer { try? FileManager.default.removeItem(at: dir) }
        let victim = dir.appendingPathComponent("victim.txt").path, report = dir.appendingPathComponent("report.txt").path
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: report, withDestinationPath: victim)
        let run = HostileInputTests.probehound(["read", Self.sample, "--output", report, "--format", "ndjson"], in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: report)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("\"type\":\"summary\""))
    }

    @Test func aFullDiskIsAnErrorWithItsOwnStatus() throws {
        let dir = try HostileInputTests.directory("output-full")
        defer { try? FileManager.default.removeItem(at: dir) }
        let named = HostileInputTests.probehound(["read", Self.sample, "--output", "/dev/full"], in: dir)
        #expect(named.status == 3)
        #expect(named.stderr.contains("/dev/full: cannot write: No space left on device"), "\(named.stderr)")
        let out = dir.appendingPathComponent("err").path
        let status = system("'\(HostileInputTests.binary)' read '\(Self.sample)' >/dev/full 2>'\(out)'")
        #expect((status >> 8) & 0xFF == 3)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("standard output: cannot write"))
    }

    @Test func aLogNoLineOfWhichParsedExitsTwo() throws {
        let dir = try HostileInputTests.directory("output-unparsed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("fw.log").path
        try FileManager.default.copyItem(atPath: "\(CaptureRun.capturesDirectory)/logs/fw_a_compromised_linux.log", toPath: log)
        let run = HostileInputTests.probehound(["logs", log, "--log-format", "pf"], in: dir)
        #expect(run.status == 2, "\(run.stdout)")
        #expect(run.stderr.contains("nothing could be analysed") && run.stderr.contains("format pf, as forced") && run.stderr.contains("unparsed"))
        #expect(run.stdout.contains("not a clean result"))
    }

    @Test func aCaptureOfAnUnsupportedLinkTypeExitsTwo() throws {
        let dir = try HostileInputTests.directory("output-linktype")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The sample's packets relabelled as link type 147 (DLT_USER0), which nothing decodes.
        var data = try Data(contentsOf: URL(fileURLWithPath: Self.sample))
        data.replaceSubrange(20..<24, with: [147, 0, 0, 0])
        let path = dir.appendingPathComponent("user0.pcap").path
        try data.write(to: URL(fileURLWithPath: path))
        let run = HostileInputTests.probehound(["read", path], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("nothing could be analysed") && run.stderr.contains("unsupported_link_type"), "\(run.stderr)")
    }

    @Test func mostlyUnanalysedInputIsSaidInTheTable() throws {
        let dir = try HostileInputTests.directory("output-coverage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("mixed.log").path
        let good = try String(contentsOfFile: "\(CaptureRun.capturesDirectory)/logs/fw_a_compromised_linux.log", encoding: .utf8)
            .split(separator: "\n").prefix(5).joined(separator: "\n")
        try (good + "\n" + Array(repeating: "garbage that is no firewall record", count: 30).joined(separator: "\n") + "\n")
            .write(toFile: log, atomically: true, encoding: .utf8)
        let run = HostileInputTests.probehound(["logs", log, "--log-format", "iptables"], in: dir)
        #expect(run.stdout.contains("Warning: 30 of 35 records were not analysed"), "\(run.stdout)")
        #expect(run.stderr.contains("30 of 35 records were not analysed"))
    }
}
