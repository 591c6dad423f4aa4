public import ProbeHoundCore
public import Detection

/// What every output format needs besides the findings: how inputs are named and where evidence
/// points (frames or lines), the sensor, the run's counts and what the allowlist held back.
public struct ReportContext: Sendable {
    /// Input names by `Origin.input`, for evidence lines.
    public var inputNames: [String]
    /// "frame" for captures, "line" for logs.
    public var originUnit: String
    /// The sensor (host name, interface) for formats that name it (ECS).
    public var observer: ObserverIdentity
    /// The run's counts, for the formats that end with them.
    public var summary: RunSummary
    /// Findings the allowlist held back, listed when asked for (`--show-suppressed`).
    public var suppressed: [Finding]

    /// The context of one run's report.
    public init(inputNames: [String], originUnit: String, observer: ObserverIdentity, summary: RunSummary = RunSummary(),
                suppressed: [Finding] = []) {
        self.inputNames = inputNames
        self.originUnit = originUnit
        self.observer = observer
        self.summary = summary
        self.suppressed = suppressed
    }
}

/// One output format. A new format is one type conforming to this and one case in `OutputFormat`.
public protocol Reporter: Sendable {
    /// The finding as one line, for formats written finding by finding (live mode streams them as
    /// they qualify and grow); nil for formats that are one whole report.
    func line(for finding: Finding, context: ReportContext) -> String?
    /// The end of the report: what follows the lines (ndjson's summary), or the whole report (table,
    /// CSV, HTML); nil when nothing follows.
    func report(_ findings: [Finding], context: ReportContext) -> String?
}

/// The output formats, each with its reporter: the compiler holds the list and the switch together.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, ndjson, ecs, csv, html

    /// The format's reporter.
    public var reporter: any Reporter {
        switch self {
        case .table: TableReporter()
        case .ndjson: NDJSONReporter()
        case .ecs: ECSReporter()
        case .csv: CSVReporter()
        case .html: HTMLReporter()
        }
    }
}

/// The terminal table (`TableReport`), written whole at the end.
struct TableReporter: Reporter {
    func line(for finding: Finding, context: ReportContext) -> String? { nil }
    func report(_ findings: [Finding], context: ReportContext) -> String? {
        TableReport.render(findings, suppressed: context.suppressed, summary: context.summary, inputNames: context.inputNames,
                           originUnit: context.originUnit)
    }
}

/// One finding per line in the DESIGN.md schema (`FindingJSON`), then the summary line.
struct NDJSONReporter: Reporter {
    func line(for finding: Finding, context: ReportContext) -> String? {
        FindingJSON.line(finding, inputNames: context.inputNames, originUnit: context.originUnit)
    }
    func report(_ findings: [Finding], context: ReportContext) -> String? { context.summary.json + "\n" }
}

/// One Elastic Common Schema document per finding (`ECSDocument`).
struct ECSReporter: Reporter {
    func line(for finding: Finding, context: ReportContext) -> String? {
        ECSDocument.line(finding, inputNames: context.inputNames, originUnit: context.originUnit, observer: context.observer)
    }
    func report(_ findings: [Finding], context: ReportContext) -> String? { nil }
}

/// RFC 4180 CSV (`CSVReport`), written whole at the end, allowlisted findings included when shown.
struct CSVReporter: Reporter {
    func line(for finding: Finding, context: ReportContext) -> String? { nil }
    func report(_ findings: [Finding], context: ReportContext) -> String? {
        CSVReport.render(findings + context.suppressed, inputNames: context.inputNames, originUnit: context.originUnit)
    }
}

/// The self-contained HTML report (`HTMLReport`), written whole at the end.
struct HTMLReporter: Reporter {
    func line(for finding: Finding, context: ReportContext) -> String? { nil }
    func report(_ findings: [Finding], context: ReportContext) -> String? {
        HTMLReport.render(findings, suppressed: context.suppressed, summary: context.summary, inputNames: context.inputNames,
                          originUnit: context.originUnit)
    }
}
