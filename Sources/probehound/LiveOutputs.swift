import Engine
import Detection
import ProbeHoundCore
import Reporting

/// Live mode's outputs on the engine's schedule (`LiveRun`): each second the new and grown
/// findings, the metrics and the evidence frames; the table every report interval when it
/// changed; SIGHUP reopens `--output`; SIGUSR1 prints the statistics. `finish()` writes what ends
/// the run.
final class LiveOutputs: LiveRunOutputs {
    private let analyzer: PacketAnalyzer
    private let source: LiveSource
    private let options: DetectionOptions
    private let output: FileOutput
    private let destination: FindingOutput
    private let evidence: FileOutput?
    private let metrics: SensorMetrics?
    /// `--output` when the format is the table (written periodically and at the end).
    let table: FileOutput?
    private var stream = FindingStream()
    private var lastTableShape: [String]? = nil

    init(analyzer: PacketAnalyzer, source: LiveSource, options: DetectionOptions, output: FileOutput, destination: FindingOutput,
         evidence: FileOutput?, metrics: SensorMetrics?) {
        self.analyzer = analyzer
        self.source = source
        self.options = options
        self.output = output
        self.destination = destination
        self.evidence = evidence
        self.metrics = metrics
        table = options.format == .table && options.emit == .findings ? output : nil
    }

    func everySecond() throws {
        if options.emit == .findings { stream.emit(analyzer.detector.changedFindings(), analyzer: analyzer, to: destination) }
        writeEvidenceFrames()
        try writeMetrics()
    }

    func periodicReport() {
        guard let table else { return }
        report(to: table, onlyWhenChanged: &lastTableShape)
    }

    func reopen() throws {
        try output.reopen()
        FileOutput.standardError.line("probehound: reopened \(output.name)")
        FileOutput.standardError.flush()
    }

    func printStatistics() {
        source.refreshStatistics(analyzer)
        analyzer.refreshCounts()
        FileOutput.standardError.line("probehound: " + TableReport.summaryText(analyzer.summary))
        FileOutput.standardError.flush()
    }

    func writeMetrics() throws {
        guard let metrics else { return }
        source.refreshStatistics(analyzer)
        analyzer.refreshCounts()
        metrics.update(analyzer.summary, findings: stream.current, workers: source.workerCounts)
        try metrics.write()
    }

    /// After the source stopped: the last findings, the report's end, the evidence file, the final
    /// metrics and the table or summary line. Returns the run's findings.
    func finish() throws -> [Finding] {
        let findings = analyzer.finish()
        if options.emit == .findings {
            stream.emit(analyzer.detector.changedFindings(), analyzer: analyzer, to: destination)
            if options.format != .table {
                destination.finish(findings, suppressed: options.showSuppressed ? analyzer.suppressedFindings : [], analyzer: analyzer, streamed: true)
            }
        }
        writeEvidenceFrames(final: findings)
        if let evidence, let recorder = analyzer.evidenceRecorder {
            try evidence.commit()
            FileOutput.standardError.line("probehound: \(recorder.written) evidence frame\(recorder.written == 1 ? "" : "s") written to \(evidence.name)"
                                          + (recorder.missing > 0 ? " (\(recorder.missing) cited frames had left the ring)" : ""))
        }
        try writeMetrics()
        if let table {
            var final: [String]? = nil
            report(to: table, onlyWhenChanged: &final)
        } else {
            FileOutput.standardError.line("probehound: " + TableReport.summaryText(analyzer.summary))
        }
        return findings
    }

    /// Appends the frames the current findings cite and the file does not hold yet.
    private func writeEvidenceFrames(final: [Finding]? = nil) {
        guard let evidence, let recorder = analyzer.evidenceRecorder else { return }
        recorder.write(final ?? stream.current, inputNames: analyzer.inputNames)
        evidence.flush()
    }

    /// Writes the table with its time when the findings differ from `onlyWhenChanged` (the shape
    /// last written; nil when none was, which writes regardless).
    private func report(to table: FileOutput, onlyWhenChanged previous: inout [String]?) {
        source.refreshStatistics(analyzer)
        let findings = analyzer.finish()
        let shape = findings.map { "\($0.endpoint) \($0.score) \($0.kinds.count) \($0.evidenceCount)" }
        if shape == previous { return }
        previous = shape
        table.line("== \(SystemCalls.now().readableSecond) UTC ==")
        table.write(TableReport.render(findings, summary: analyzer.summary, inputNames: analyzer.inputNames, originUnit: analyzer.originUnit))
        table.flush()
    }
}

/// Writes each finding when it first qualifies and again whenever it grows (score, kinds or evidence),
/// to the line formats and syslog.
struct FindingStream {
    private var emitted: [IPAddress: (Int, Int, Int)] = [:]
    private var latest: [IPAddress: Finding] = [:]
    /// The newest finding of every endpoint flagged so far.
    var current: [Finding] { Array(latest.values) }

    mutating func emit(_ findings: [Finding], analyzer: PacketAnalyzer, to destination: FindingOutput) {
        for finding in findings {
            latest[finding.endpoint] = finding
            let shape = (finding.score, finding.kinds.count, finding.evidenceCount)
            if let previous = emitted[finding.endpoint], previous == shape { continue }
            emitted[finding.endpoint] = shape
            destination.emit(finding, analyzer: analyzer)
        }
        destination.output.flush()
    }
}
