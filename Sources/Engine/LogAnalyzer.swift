public import Capture
public import Detection
public import FirewallLogs
import ProbeHoundCore
#if canImport(Glibc)
import Glibc
#endif

/// Reads firewall and flow logs: picks each file's format from its first lines (or takes the one
/// given), parses every line into an observation or a counted skip, and feeds the detector.
public final class LogAnalyzer: Analyzer {
    /// Lines looked at to recognise a file's format.
    static let detectionLines = 25
    /// Problem lines listed per file (with `--verbose`).
    static let reportedProblems = 5
    public private(set) var problems: [String] = []
    /// The format chosen for each input, by index.
    public private(set) var formats: [LogFormat] = []

    static func currentYear() -> Int {
        Int(Timestamp.civil(fromDays: Int64(time(nil)) / 86_400).0)
    }

    /// An analyzer for log records (flows, so every TCP/UDP record starts a connection).
    public init(config: DetectionConfig, observationSink: (any ObservationSink)? = nil) {
        super.init(config: config, originUnit: "line", observationSink: observationSink)
        detector.recordsAreFlows = true
        summary.isLogRun = true
    }

    /// Reads each file; returns the inputs that could not be used (unreadable, or matching no format).
    public func read(_ paths: [String], format forced: LogFormat?, year: Int?) -> [CaptureError] {
        var failures: [CaptureError] = []
        var squidLayout: SquidLogLayout? = nil
        if let format = detector.config.squidLogFormat {
            switch SquidLogLayout.compile(format) {
            case .success(let layout): squidLayout = layout
            case .failure(let error): return [CaptureError(input: "squid_logformat", message: "\(error)")]
            }
        }
        for path in paths {
            do {
                let reader = try LogFileReader(path: path)
                let context = LogContext(defaultYear: year ?? reader.modificationYear ?? LogAnalyzer.currentYear(), squidLayout: squidLayout)
                if let failure = read(reader, forced: forced, context: context) { failures.append(failure) }
            } catch {
                failures.append(error)
            }
        }
        return failures
    }

    private func read(_ reader: LogFileReader, forced: LogFormat?, context: LogContext) -> CaptureError? {
        var parser: (any LogRecordParser)? = forced?.makeParser()
        var chosen = forced
        var held: [(bytes: [UInt8], number: Int64, tooLong: Bool)] = []
        var input: Int32 = -1
        var fileProblems = 0
        var undecidable = false

        func handle(_ line: Span<UInt8>, _ number: Int64, _ tooLong: Bool) {
            summary.packets += 1
            report(progress: state.tick())
            if tooLong { summary.skipped.add(.lineTooLong); return }
            if line.count == 0 { summary.skipped.add(.header); return }
            var template = Observation()
            template.origin = Origin(input: input, index: number)
            var emitted = 0
            let outlet = outlet
            let (records, verdict) = parser!.parseRecords(line, template: template, context: context) {
                emitted += 1
                state.take($0, bytes: line, outlet: outlet)
            }
            // A line holding several records (Azure flow tuples) counts each; the invariant is per record.
            summary.packets += records - 1
            switch verdict {
            case .observation:
                if records > emitted { summary.skipped.add(.unparsed, records - emitted) }
            case .skipped(let reason):
                summary.skipped.add(reason)
                if reason == .unparsed && fileProblems < LogAnalyzer.reportedProblems {
                    fileProblems += 1
                    problems.append("\(reader.path):\(number): not a \(chosen!.rawValue) record")
                }
            }
        }

        func start() {
            input = register(inputName: reader.path)
            formats.append(chosen!)
            inputDetails[Int(input)] = "format \(chosen!.rawValue), " + (forced == nil ? "recognised from its first lines" : "as forced")
            for entry in held { handle(entry.bytes.span, entry.number, entry.tooLong) }
            held.removeAll()
        }

        /// The format recognising most of the held lines.
        func decide() -> Bool {
            var best: (format: LogFormat, hits: Int)? = nil
            for format in LogFormat.allCases {
                let hits = held.reduce(0) { $0 + (!$1.tooLong && format.recognizes($1.bytes.span) ? 1 : 0) }
                if hits > (best?.hits ?? 0) { best = (format, hits) }
            }
            guard let best else { return false }
            chosen = best.format
            parser = best.format.makeParser()
            return true
        }

        let error = reader.forEachLine { line, number, tooLong in
            if undecidable { return }
            if parser == nil {
                held.append((tooLong ? [] : [UInt8](copying: line), number, tooLong))
                guard held.count >= LogAnalyzer.detectionLines else { return }
                if decide() { start() } else { undecidable = true }
                return
            }
            if input < 0 { start() }
            handle(line, number, tooLong)
        }
        if parser == nil && !held.isEmpty && !decide() { undecidable = true }
        if undecidable || parser == nil {
            let tried = LogFormat.allCases.map(\.rawValue).joined(separator: ", ")
            return CaptureError(input: reader.path, message: parser == nil && !undecidable && held.isEmpty ? "empty file"
                                : "matches no supported log format (tried \(tried)); use --log-format to force one")
        }
        if input < 0 { start() }
        if let error { summary.inputErrors.append("\(reader.path): \(error)") }
        return nil
    }
}
