import Engine
import Detection
import ProbeHoundCore
import Reporting
import Testing

/// `baseline learn` then `--baseline`: learned on real captures, written and read back as the file.
@Suite struct BaselineTests {
    static func learn(_ capture: String) throws -> Baseline {
        let config = DetectionConfig()
        let analyzer = PacketAnalyzer(config: config, observationSink: nil)
        analyzer.baselineLearner = BaselineLearner(config: config)
        #expect(analyzer.read([CaptureRun.capturesDirectory + "/" + capture], filter: nil).isEmpty)
        let baseline = analyzer.baselineLearner!.finish(inputs: analyzer.inputNames, findings: analyzer.finish())
        return try BaselineFile.decode(BaselineFile.encode(baseline))
    }

    static func run(_ capture: String, baseline: Baseline?) -> CaptureRun {
        var config = DetectionConfig()
        config.baseline = baseline
        return CaptureRun(capture, config: config)
    }

    @Test func aPreviouslySilentHostThatProbesBecomesHigh() throws {
        let baseline = try Self.learn("b_benign_noise.pcap")
        let admin = try #require(baseline.profiles[IPAddress("192.168.56.76")!])
        #expect(admin.outboundPackets == 0, "the admin host only sweeps the LAN in b_benign_noise")
        #expect(baseline.profiles[IPAddress("192.168.56.34")!]?.ports == [53, 80], "DNS to its resolver, then the download")

        let without = try #require(Self.run("f_silent_server_pings.pcap", baseline: nil).finding(for: "192.168.56.76"))
        #expect(without.severity == .medium)
        let with = try #require(Self.run("f_silent_server_pings.pcap", baseline: baseline).finding(for: "192.168.56.76"))
        #expect(with.severity == .high)
        #expect(with.score == without.score + 35)
        #expect(with.reasons.contains { $0.hasPrefix("no outbound history") })
    }

    @Test func routineProbersAreLoweredNotHidden() throws {
        let baseline = try Self.learn("a_compromised_linux.pcap")
        #expect(baseline.profiles[IPAddress("192.168.56.59")!]?.probeKinds == [.icmpEcho, .traceroute, .httpGet, .dns])
        let finding = try #require(Self.run("a_compromised_linux.pcap", baseline: baseline).finding(for: "192.168.56.59"))
        #expect(finding.score == 80)
        #expect(finding.reasons.contains { $0.hasPrefix("routine: the baseline saw the same probes") })
    }

    @Test func hostsTheBaselineNeverSawAreRaisedLess() throws {
        let baseline = try Self.learn("b_benign_noise.pcap")
        let finding = try #require(Self.run("d_windows_like.pcap", baseline: baseline).finding(for: "192.168.56.74"))
        #expect(finding.reasons.contains { $0.hasPrefix("not in the baseline") && $0.hasSuffix("(+20)") })
    }

    @Test func theFileRoundTripsAndRejectsOthers() throws {
        let baseline = try Self.learn("e_mixed.pcap")
        let again = try BaselineFile.decode(BaselineFile.encode(baseline))
        #expect(again.profiles == baseline.profiles)
        #expect(again.inputs == baseline.inputs && again.firstSeen == baseline.firstSeen)
        #expect(throws: BaselineFileError.self) { try BaselineFile.decode("{\"format\":\"probehound-baseline\",\"version\":99}") }
        #expect(throws: BaselineFileError.self) { try BaselineFile.decode("{\"type\":\"finding\"}") }
        #expect(throws: BaselineFileError.self) { try BaselineFile.decode("{\"format\":\"probehound-baseline\",\"version\":1,\"endpoints\":[{\"endpoint\":\"nope\"}]}") }
        #expect(throws: BaselineFileError.self) { try BaselineFile.decode(String(repeating: "[", count: 10_000)) }
    }

    @Test func jsonReaderReadsWhatJSONWriterWrites() throws {
        var writer = JSONWriter()
        writer.field("text", "quote \" backslash \\ tab \t é \u{1F600}")
        writer.field("n", -12)
        writer.field("x", 1.5)
        writer.field("none", nil as String?)
        let value = try JSONReader.parse(writer.object)
        #expect(value["text"]?.string == "quote \" backslash \\ tab \t é \u{1F600}")
        #expect(value["n"]?.int == -12 && value["x"] == .number(1.5) && value["none"] == .null)
        #expect(throws: JSONParseError.self) { try JSONReader.parse("{\"a\":1,}") }
        #expect(throws: JSONParseError.self) { try JSONReader.parse("{\"a\":1} trailing") }
    }
}
