import ProbeHoundCore
import Engine
import ArgumentParser
import Capture
import Detection
import FirewallLogs
import Reporting

/// `probehound logs`: the same detection over firewall and flow-log exports.
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Analyse firewall and flow logs (plain or gzip), or - for standard input.",
        discussion: "Formats: \(LogFormat.allCases.map(\.rawValue).joined(separator: ", ")). Each file's format is recognised from its first lines unless --log-format is given."
    )

    @Argument(help: "Log files or directories of them; - reads standard input.")
    var inputs: [String]

    @Option(name: .customLong("log-format"), help: "auto, or one of: \(LogFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var logFormat: String = "auto"

    @Option(name: .long, help: "Year for syslog timestamps that carry none (default: each file's modification year).")
    var year: Int?

    @OptionGroup var options: DetectionOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one log file or -") }
        if let year, !(1970...2100).contains(year) { throw ValidationError("--year \(year) is outside 1970...2100") }
        guard logFormat == "auto" || LogFormat(rawValue: logFormat) != nil else {
            throw ValidationError("unknown --log-format '\(logFormat)'; choose auto or \(LogFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let config = try options.detectionConfig()
        let files = try expandedInputs(inputs)
        let output = try FileOutput.open(options.output, inputs: files)
        let destination = try FindingOutput(options: options, output: output)
        let sink = options.emit == .observations ? ObservationLines(output) : nil
        let analyzer = LogAnalyzer(config: config, observationSink: sink)
        let progress = options.noProgress ? nil : ProgressBar(inputs: files, unit: "records")
        if let progress { analyzer.progressHook = { progress.update($0) } }
        let failures = analyzer.read(files, format: LogFormat(rawValue: logFormat), year: year)
        progress?.finish()
        for failure in failures {
            let hint = InputKind.of(failure.input) == .capture ? " (it is a packet capture: read it with `probehound read`)" : ""
            FileOutput.standardError.line("probehound: \(failure)\(hint)")
        }
        if analyzer.summary.inputs == 0 { throw ExitCode(2) }
        if options.verbose { for problem in analyzer.problems { FileOutput.standardError.line("probehound: \(problem)") } }
        try report(analyzer, options: options, destination: destination)
    }
}
