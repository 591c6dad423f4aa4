import Analysis
import Detection
import ProbeHoundCore
import Reporting
#if canImport(Glibc)
import Glibc
#endif

/// Where findings go in the chosen `--format`, and to `--syslog` as well. Line formats (ndjson,
/// ecs) and syslog take each finding as it is reported (live mode streams them); table, csv and
/// html are whole reports written at the end.
struct FindingOutput {
    let format: OutputFormat
    let output: FileOutput
    let syslog: SyslogSender?
    let observer: ObserverIdentity
    let syslogMaximumSize: Int

    init(options: DetectionOptions, output: FileOutput, interface: String? = nil) throws {
        format = options.format
        self.output = output
        syslog = try options.syslog.map { url throws(InputError) in try SyslogSender(url: url) }
        observer = ObserverIdentity(hostname: FindingOutput.hostname(), interface: interface)
        syslogMaximumSize = options.syslogMaximumSize
    }

    /// Writes one finding where findings go one by one.
    func emit(_ finding: Finding, analyzer: Analyzer) {
        // The finding's JSON is built only where it goes: ndjson, and the body of a syslog message.
        let json = format == .ndjson || syslog != nil
            ? FindingJSON.line(finding, inputNames: analyzer.inputNames, originUnit: analyzer.originUnit) : ""
        switch format {
        case .ndjson: output.line(json)
        case .ecs: output.line(ECSDocument.line(finding, inputNames: analyzer.inputNames, originUnit: analyzer.originUnit, observer: observer))
        case .table, .csv, .html: break
        }
        if let syslog {
            syslog.send(SyslogMessage.format(finding, json: json, now: FindingOutput.now(), hostname: observer.hostname ?? "-",
                                             processID: getpid(), inputNames: analyzer.inputNames, maximumSize: syslogMaximumSize))
        }
    }

    /// The end of a run: every finding for the line formats and syslog, else the whole report.
    func finish(_ findings: [Finding], suppressed: [Finding], analyzer: Analyzer, streamed: Bool = false) {
        if !streamed { for finding in findings + suppressed { emit(finding, analyzer: analyzer) } }
        switch format {
        case .ndjson:
            output.line(analyzer.summary.json)
        case .ecs:
            break
        case .table:
            output.write(TableReport.render(findings, suppressed: suppressed, summary: analyzer.summary, inputNames: analyzer.inputNames,
                                            originUnit: analyzer.originUnit))
        case .csv:
            output.write(CSVReport.render(findings + suppressed, inputNames: analyzer.inputNames, originUnit: analyzer.originUnit))
        case .html:
            output.write(HTMLReport.render(findings, suppressed: suppressed, summary: analyzer.summary, inputNames: analyzer.inputNames,
                                           originUnit: analyzer.originUnit))
        }
        output.flush()
    }

    static func hostname() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec))
    }
}
