import Engine
import ArgumentParser
import Detection
import ProbeHoundCore
import Reporting

/// The end of a `read` or `logs` run: the report in the chosen format, committed to its output, the
/// coverage said on standard error, and the exit status — 0 nothing found, 1 findings (or probes in
/// host telemetry that no finding could hold, for want of the host's address), 2 when
/// nothing in the input could be analysed (never "clean"), 3 when the report could not be written.
func report(_ analyzer: Analyzer, options: DetectionOptions, destination: FindingOutput) throws {
    let findings = analyzer.finish()
    let summary = analyzer.summary
    for problem in summary.inputErrors { FileOutput.standardError.line("probehound: warning: \(problem)") }
    if options.emit == .findings {
        destination.finish(findings, suppressed: options.showSuppressed ? analyzer.suppressedFindings : [], analyzer: analyzer)
    }
    try destination.output.commit()
    if options.verbose { FileOutput.standardError.line(summary.json) }
    if summary.analysedNothing {
        FileOutput.standardError.line("probehound: nothing could be analysed: " + whatWasRead(analyzer))
        FileOutput.standardError.flush()
        throw ExitCode(2)
    }
    if let warning = summary.coverageWarning { FileOutput.standardError.line("probehound: warning: \(warning)") }
    if summary.processProbesWithoutAddress > 0 {
        FileOutput.standardError.line("probehound: warning: \(summary.processProbesWithoutAddress) host telemetry records of probes are on no "
                                      + "finding: no address is known for " + TerminalText.escape(summary.hostsWithoutAddress.joined(separator: ", "))
                                      + " (name it with --host-address NAME=IP)")
    }
    FileOutput.standardError.flush()
    // Probes the telemetry showed but no finding could hold are still something found.
    if options.emit == .findings && (!findings.isEmpty || summary.processProbesWithoutAddress > 0) { throw ExitCode(1) }
}

/// "3 records from 1 input (fw.log: format pf, as forced); skipped: unparsed 3".
func whatWasRead(_ analyzer: Analyzer) -> String {
    let summary = analyzer.summary
    let unit = summary.isLogRun ? "records" : "packets"
    let inputs = zip(analyzer.inputNames, analyzer.inputDetails).map { "\($0.0): \($0.1)" }.joined(separator: "; ")
    let skipped = summary.skipped.listing()
    return "\(summary.packets) \(unit) from \(summary.inputs) input\(summary.inputs == 1 ? "" : "s") (\(inputs))"
        + (skipped.isEmpty ? "" : "; skipped: \(skipped)")
}
