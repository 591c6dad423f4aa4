public import Detection
import ProbeHoundCore

/// What every input path shares: the detector, the run's counts and input names, and the step that
/// counts an observation, optionally prints it, and hands it to the detector.
public class Analyzer {
    // Touched once or twice per packet from the single capture thread; the dynamic exclusivity
    // check on class properties cost ~8 % of a run, so it is turned off for these two.
    @exclusivity(unchecked) public var detector: ProbeDetector
    @exclusivity(unchecked) public internal(set) var summary = RunSummary()
    /// Called every `progressInterval` packets or lines with the count so far (the progress bar).
    @exclusivity(unchecked) public var progressHook: ((Int) -> Void)?
    static let progressInterval = 1 << 16
    @exclusivity(unchecked) private var nextProgress = Analyzer.progressInterval

    /// Set for `baseline learn`: sees every observation, not just probe-like ones.
    @exclusivity(unchecked) public var baselineLearner: BaselineLearner? {
        didSet { isLearning = baselineLearner != nil }
    }
    /// Tested per packet instead of the optional, whose read would copy the learner's tables.
    @exclusivity(unchecked) private var isLearning = false
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
        detector = ProbeDetector(config: config)
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

    /// One branch per unit on the hot path; the hook runs once per 65,536.
    func tick() {
        guard summary.packets >= nextProgress else { return }
        nextProgress = summary.packets + Analyzer.progressInterval
        progressHook?(summary.packets)
    }

    func take(_ observation: Observation, bytes: Span<UInt8>) {
        summary.count(observation)
        use(observation, bytes: bytes)
    }

    /// Hands an observation counted elsewhere (by a capture worker) to the sink and the detector.
    func use(_ observation: Observation, bytes: Span<UInt8>) {
        if let observationSink {
            observationSink.take(observation, bytes: bytes, inputName: inputNames[Int(observation.origin.input)], originUnit: originUnit)
        }
        detector.observe(observation, bytes: bytes)
        if isLearning { baselineLearner!.observe(observation) }
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
    }
}

/// Receives every observation as the engine takes it (`--emit observations`); `bytes` (the packet
/// or log line its text ranges point into) are valid only during the call. The engine knows no
/// output format: the CLI's sink writes JSON lines.
public protocol ObservationSink: AnyObject {
    func take(_ observation: Observation, bytes: Span<UInt8>, inputName: String, originUnit: String)
}
