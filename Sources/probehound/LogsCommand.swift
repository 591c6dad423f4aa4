import Analysis
import ArgumentParser
import Capture
import Detection
import FirewallLogs
import Logging
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
        guard logFormat == "auto" || LogFormat(rawValue: logFormat) != nil else {
            throw ValidationError("unknown --log-format '\(logFormat)'; choose auto or \(LogFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let config = try options.detectionConfig()
        let output = try FileOutput.open(options.output)
        let destination = try FindingOutput(options: options, output: output)
        let sink: ((String) -> Void)? = options.emit == .observations ? { output.line($0) } : nil
        let analyzer = LogAnalyzer(config: config, observationSink: sink)
        let files = try expandedInputs(inputs)
        let progress = options.noProgress ? nil : ProgressBar(inputs: files, unit: "records")
        if let progress { analyzer.progressHook = { progress.update($0) } }
        let failures = analyzer.read(files, format: LogFormat(rawValue: logFormat), year: year)
        progress?.finish()
        for failure in failures { FileOutput.standardError.line("probehound: \(failure)") }
        if analyzer.summary.inputs == 0 { throw ExitCode(2) }
        if options.verbose { for problem in analyzer.problems { FileOutput.standardError.line("probehound: \(problem)") } }
        try report(analyzer, options: options, destination: destination)
    }
}

/// Prints findings (or nothing, after observations) in the chosen format and sets the exit status.
func report(_ analyzer: Analyzer, options: DetectionOptions, destination: FindingOutput) throws {
    let findings = analyzer.finish()
    let summary = analyzer.summary
    let logger = Logger(label: "probehound")
    for problem in summary.inputErrors { logger.warning("\(problem)") }
    if options.emit == .findings {
        destination.finish(findings, suppressed: options.showSuppressed ? analyzer.suppressedFindings : [], analyzer: analyzer)
    }
    destination.output.flush()
    if options.verbose { FileOutput.standardError.line(summary.json) }
    if options.emit == .findings && !findings.isEmpty { throw ExitCode(1) }
}
