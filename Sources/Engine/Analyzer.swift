public import Detection
import ProbeHoundCore

/// What every input path shares: the detector, the run's counts and input names, and the step that
/// counts an observation, optionally prints it, and hands it to the detector.
public class Analyzer {
    /// Everything a frame or line changes, in one value: each unit then costs one exclusive access
    /// to this class's storage instead of one per field, so the dynamic exclusivity checks stay
    /// (no `@exclusivity(unchecked)`, strict memory safety holds) at no measurable cost.
    var state: EngineState

    /// The detector; `state.detector` inside the per-unit path.
    public var detector: ProbeDetector {
        get { state.detector }
        _modify { yield &state.detector }
    }

    /// The run's counts so far.
    public internal(set) var summary: RunSummary {
        get { state.summary }
        _modify { yield &state.summary }
        set { state.summary = newValue }
    }

    /// Called every `progressInterval` packets or lines with the count so far (the progress bar).
    public var progressHook: ((Int) -> Void)?
    static let progressInterval = 1 << 16

    /// Set for `baseline learn`: sees every observation, not just probe-like ones.
    public var baselineLearner: BaselineLearner? {
        get { state.baselineLearner }
        _modify { yield &state.baselineLearner }
    }
    public internal(set) var inputNames: [String] = []
    /// How each input was read ("link type ethernet", "format pf, recognised"), by index: what a
    /// run that could analyse nothing says it tried.
    public internal(set) var inputDetails: [String] = []
    /// Findings held back by the allowlist in the last `finish()`, for `--show-suppressed`.
    public private(set) var suppressedFindings: [Finding] = []
    /// "frame" for captures, "line" for logs: how evidence and observations name their origin.
    public let originUnit: String
    let observationSink: (any ObservationSink)?

    init(config: DetectionConfig, originUnit: String, observationSink: (any ObservationSink)?) {
        state = EngineState(detector: ProbeDetector(config: config))
        self.originUnit = originUnit
        self.observationSink = observationSink
    }

    /// Names an input and returns its index for `Origin.input`.
    public func register(inputName: String) -> Int32 {
        inputNames.append(inputName == "-" ? "stdin" : inputName)
        inputDetails.append("")
        summary.inputs += 1
        return Int32(inputNames.count - 1)
    }

    /// Runs the progress hook when `EngineState.tick` says a step was crossed.
    func report(progress: Int?) {
        if let progress { progressHook?(progress) }
    }

    /// Where an observation goes besides the detector, as the per-unit path needs it.
    var outlet: EngineState.Outlet? {
        observationSink.map { EngineState.Outlet(sink: $0, inputNames: inputNames, originUnit: originUnit) }
    }

    /// The findings so far, with the summary's detection counts brought up to date.
    public func finish() -> [Finding] {
        let (findings, suppressed) = detector.findings()
        suppressedFindings = suppressed
        summary.findings = findings.count
        summary.suppressed = suppressed.count
        refreshCounts()
        return findings
    }

    /// Brings the summary's detector counts up to date without judging any endpoint (cheap enough
    /// for live mode's once-a-second metrics).
    public func refreshCounts() {
        summary.endpoints = detector.endpointCount
        summary.evicted = detector.evictedCount
        summary.evictedFromProbation = detector.evictedFromProbation
        summary.evictedFromProtected = detector.evictedFromProtected
        summary.notAdmitted = detector.notAdmittedCount
        summary.noInternalAddresses = summary.observations > 0 && !detector.sawInternalAddress
        summary.duplicates = detector.duplicatesDropped
        summary.expired = detector.expiredCount
        (summary.processProbesWithoutAddress, summary.hostsWithoutAddress) = detector.processProbesWithoutAddress
    }
}

/// Receives every observation as the engine takes it (`--emit observations`); `bytes` (the packet
/// or log line its text ranges point into) are valid only during the call. The engine knows no
/// output format: the CLI's sink writes JSON lines.
public protocol ObservationSink: AnyObject {
    func take(_ observation: Observation, bytes: Span<UInt8>, inputName: String, originUnit: String)
}
