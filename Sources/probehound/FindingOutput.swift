import Engine
import Detection
import ProbeHoundCore
import Reporting
#if canImport(Glibc)
import Glibc
#endif

/// Where findings go: the chosen `--format`'s reporter, and `--syslog` as well. Line formats
/// (ndjson, ecs) and syslog take each finding as it is reported (live mode streams them); table,
/// csv and html are whole reports written at the end.
struct FindingOutput {
    let reporter: any Reporter
    let output: FileOutput
    let syslog: SyslogSender?
    let observer: ObserverIdentity
    let syslogMaximumSize: Int

    init(options: DetectionOptions, output: FileOutput, interface: String? = nil) throws {
        reporter = options.format.reporter
        self.output = output
        syslog = try options.syslog.map { url throws(InputError) in try SyslogSender(url: url) }
        observer = ObserverIdentity(hostname: SystemCalls.hostName(), interface: interface)
        syslogMaximumSize = options.syslogMaximumSize
    }

    /// The report context of `analyzer`'s run so far.
    func context(_ analyzer: Analyzer, suppressed: [Finding] = []) -> ReportContext {
        ReportContext(inputNames: analyzer.inputNames, originUnit: analyzer.originUnit, observer: observer, summary: analyzer.summary,
                      suppressed: suppressed)
    }

    /// Writes one finding where findings go one by one.
    func emit(_ finding: Finding, analyzer: Analyzer) {
        let context = context(analyzer)
        if let line = reporter.line(for: finding, context: context) { output.line(line) }
        if let syslog {
            let json = FindingJSON.line(finding, inputNames: analyzer.inputNames, originUnit: analyzer.originUnit)
            syslog.send(SyslogMessage.format(finding, json: json, now: SystemCalls.now(), hostname: observer.hostname ?? "-",
                                             processID: getpid(), inputNames: analyzer.inputNames, maximumSize: syslogMaximumSize))
        }
    }

    /// The end of a run: every finding for the line formats and syslog (unless live mode streamed
    /// them already), then what ends the report.
    func finish(_ findings: [Finding], suppressed: [Finding], analyzer: Analyzer, streamed: Bool = false) {
        if !streamed { for finding in findings + suppressed { emit(finding, analyzer: analyzer) } }
        if let text = reporter.report(findings, context: context(analyzer, suppressed: suppressed)) { output.write(text) }
        output.flush()
    }

}
