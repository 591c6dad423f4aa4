import Engine
import Capture
import Detection
import Foundation
import Reporting
import Testing

/// The command line behaves like a careful tool's: one value per option, the right command named
/// for the wrong input, rotated logs read oldest first, stable finding ids.
@Suite struct CLIConsistencyTests {
    @Test func aRepeatedSingleValuedOptionIsAnError() throws {
        let dir = try HostileInputTests.directory("cli-repeat")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = HostileInputTests.probehound(["read", "\(CaptureRun.capturesDirectory)/e_mixed.pcap", "--format", "csv", "--format", "ndjson"], in: dir)
        #expect(run.status == 2 && run.stderr.contains("--format is given more than once"))
        let repeated = HostileInputTests.probehound(["read", "\(CaptureRun.capturesDirectory)/e_mixed.pcap", "--internal", "10.0.0.0/8",
                                                     "--internal", "172.16.0.0/12", "--format", "ndjson"], in: dir)
        #expect(repeated.status == 1)
    }

    /// Live options are checked before any interface is opened: a listen address without a port, a
    /// bracket-less IPv6 one, or a worker count out of range is a usage error naming the option.
    @Test func liveOptionsAreValidatedBeforeCapture() throws {
        let dir = try HostileInputTests.directory("cli-live")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (arguments, option) in [(["--metrics-listen", "localhost"], "--metrics-listen"), (["--metrics-listen", "::1:9101"], "--metrics-listen"),
                                    (["--metrics-listen", ":70000"], "--metrics-listen"), (["--workers", "0"], "--workers"),
                                    (["--workers", "65"], "--workers")] {
            let run = HostileInputTests.probehound(["live", "-i", "lo"] + arguments, in: dir)
            #expect(run.status == 2 && run.stderr.contains(option), "\(arguments): \(run.stderr)")
        }
    }

    @Test func theWrongCommandForAnInputNamesTheRightOne() throws {
        let dir = try HostileInputTests.directory("cli-wrong")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = HostileInputTests.probehound(["read", "\(CaptureRun.capturesDirectory)/logs/fw_e_mixed.log"], in: dir)
        #expect(log.status == 2 && log.stderr.contains("probehound logs"), "\(log.stderr)")
        let capture = HostileInputTests.probehound(["logs", "\(CaptureRun.capturesDirectory)/e_mixed.pcap"], in: dir)
        #expect(capture.status == 2 && capture.stderr.contains("probehound read"), "\(capture.stderr)")
    }

    @Test func rotatedLogsAreReadOldestFirst() throws {
        let dir = try HostileInputTests.directory("cli-rotated")
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["fw.log", "fw.log.1", "fw.log.2.gz", "fw.log.10.gz", "other.log"] {
            FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data("x\n".utf8))
        }
        let files = try InputExpansion.expand([dir.path]).map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(files == ["fw.log.10.gz", "fw.log.2.gz", "fw.log.1", "fw.log", "other.log"])
    }

    @Test func findingIdsAreStableAcrossRunsAndGrowth() throws {
        let first = CaptureRun("a_compromised_linux.pcap").findings
        let again = CaptureRun("a_compromised_linux.pcap").findings
        let ids = first.map { FindingIdentity.id($0, inputNames: ["a.pcap"]) }
        #expect(ids == again.map { FindingIdentity.id($0, inputNames: ["a.pcap"]) })
        #expect(ids.allSatisfy { $0.count == 16 })
        // The same endpoint with more evidence (a grown finding) keeps its id; another input does not.
        var grown = try #require(first.first)
        grown.score = 10
        grown.evidenceCount += 5
        #expect(FindingIdentity.id(grown, inputNames: ["a.pcap"]) == ids.first)
        #expect(FindingIdentity.id(grown, inputNames: ["b.pcap"]) != ids.first)
        let line = FindingJSON.line(first[0], inputNames: ["a.pcap"])
        #expect(line.contains("\"id\":\"\(ids[0])\""))
    }

    @Test func baselineLearnTakesOutputAndOut() throws {
        let dir = try HostileInputTests.directory("cli-baseline")
        defer { try? FileManager.default.removeItem(at: dir) }
        for flag in ["--output", "--out"] {
            let path = dir.appendingPathComponent("b\(flag).json").path
            let run = HostileInputTests.probehound(["baseline", "learn", "\(CaptureRun.capturesDirectory)/b_benign_noise.pcap", flag, path], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func aYearOutsideTheRangeIsAnErrorAndTheSummarySpeaksEnglish() throws {
        let dir = try HostileInputTests.directory("cli-year")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = "\(CaptureRun.capturesDirectory)/logs/fw_e_mixed.log"
        for year in ["1969", "2101", "-5"] {
            let run = HostileInputTests.probehound(["logs", log, "--year=\(year)"], in: dir)
            #expect(run.status == 2 && run.stderr.contains("outside 1970...2100"), "\(year): \(run.stderr)")
        }
        let run = HostileInputTests.probehound(["logs", log, "--year", "2026"], in: dir)
        #expect(run.status == 1 && run.stdout.contains("1 input, ") && !run.stdout.contains("input(s)"))
    }

    @Test func versionSaysTheCommit() throws {
        let dir = try HostileInputTests.directory("cli-version")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = HostileInputTests.probehound(["--version"], in: dir)
        #expect(run.stdout.hasPrefix("0.2.0 (commit "))
    }
}

/// A finding streamed by live mode keeps its id as it grows: the capture read in two halves by one
/// analyzer (as live mode sees it), the ids after the first half equal those at the end, and
/// equal those of a second whole run.
@Suite struct FindingIdStreamingTests {
    @Test func idsStayAsTheFindingGrowsAndAcrossRuns() throws {
        let dir = try HostileInputTests.directory("ids-split")
        defer { try? FileManager.default.removeItem(at: dir) }
        let capture = "\(CaptureRun.capturesDirectory)/a_compromised_linux.pcap"
        let first = dir.appendingPathComponent("first.pcap").path, second = dir.appendingPathComponent("second.pcap").path
        #expect(system("editcap -F pcap -r '\(capture)' '\(first)' 1-200 && editcap -F pcap -r '\(capture)' '\(second)' 201-100000") == 0)
        let analyzer = PacketAnalyzer(config: DetectionConfig())
        _ = analyzer.read([first], filter: nil)
        let early = analyzer.detector.changedFindings()
        _ = analyzer.read([second], filter: nil)
        let late = analyzer.finish()
        let name = ["eth0"]
        let earlyIDs = Dictionary(early.map { ($0.endpoint, FindingIdentity.id($0, inputNames: name)) }, uniquingKeysWith: { a, _ in a })
        #expect(!earlyIDs.isEmpty)
        for finding in late where earlyIDs[finding.endpoint] != nil {
            #expect(FindingIdentity.id(finding, inputNames: name) == earlyIDs[finding.endpoint], "\(finding.endpoint) changed id as it grew")
        }
        let again = CaptureRun([capture]).findings.map { FindingIdentity.id($0, inputNames: name) }
        #expect(again == CaptureRun([capture]).findings.map { FindingIdentity.id($0, inputNames: name) })
        let ecs = ECSDocument.line(late[0], inputNames: name, originUnit: "frame", observer: ObserverIdentity(hostname: "s", interface: "eth0"))
        #expect(ecs.contains("\"id\":\"\(FindingIdentity.id(late[0], inputNames: name))\""))
    }
}
