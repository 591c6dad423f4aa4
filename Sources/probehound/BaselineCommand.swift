import ProbeHoundCore
import Engine
import ArgumentParser
import Capture
import Detection
import FirewallLogs
import Reporting

/// `probehound baseline`: learn what internal endpoints normally do towards the Internet.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Learn a baseline of outbound habits for --baseline.",
        subcommands: [LearnBaselineCommand.self]
    )
}

struct LearnBaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Record, per internal endpoint, its outbound traffic and its own probes, from captures or logs.",
        discussion: "Learn on a period you trust; the file lists every internal source seen, including those that never went out."
    )

    @Argument(help: "Capture files (or log files with --logs), directories, or -.")
    var inputs: [String]

    @Option(name: [.customLong("output"), .customLong("out")], help: "Where to write the baseline JSON (--out is an alias).")
    var out: String

    @Flag(name: .long, help: "The inputs are firewall or flow logs, not captures.")
    var logs = false

    @Option(name: .customLong("log-format"), help: "With --logs: auto, or one of: \(LogFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var logFormat: String = "auto"

    @OptionGroup var settings: ConfigOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one input to learn from") }
        guard logFormat == "auto" || LogFormat(rawValue: logFormat) != nil else { throw ValidationError("unknown --log-format '\(logFormat)'") }
    }

    func run() throws {
        let config = try settings.detectionConfig()
        let files = try expandedInputs(inputs)
        let analyzer: Analyzer
        let failures: [CaptureError]
        if logs {
            let logAnalyzer = LogAnalyzer(config: config)
            logAnalyzer.baselineLearner = BaselineLearner(config: config)
            failures = logAnalyzer.read(files, format: LogFormat(rawValue: logFormat), year: nil)
            analyzer = logAnalyzer
        } else {
            let packetAnalyzer = PacketAnalyzer(config: config, observationSink: nil)
            packetAnalyzer.baselineLearner = BaselineLearner(config: config)
            failures = packetAnalyzer.read(files, filter: nil)
            analyzer = packetAnalyzer
        }
        for failure in failures { FileOutput.standardError.line("probehound: \(failure)") }
        if analyzer.summary.inputs == 0 { throw ExitCode(2) }
        let findings = analyzer.finish() + analyzer.suppressedFindings
        let baseline = analyzer.baselineLearner!.finish(inputs: analyzer.inputNames, findings: findings)
        let output = try FileOutput.open(out, inputs: files)
        output.write(BaselineFile.encode(baseline))
        try output.commit()
        let outbound = baseline.profiles.values.filter { $0.outboundPackets > 0 }.count
        FileOutput.standardError.line("probehound: baseline of \(baseline.profiles.count) internal endpoints (\(outbound) with outbound traffic) written to \(out)")
    }
}
