import Detection
import ProbeHoundCore

/// The engine's per-unit state: the detector, the run's counts, the progress step and the baseline
/// learner. Each frame or line is one mutating call on this value (see `Analyzer.state`).
struct EngineState {
    var detector: ProbeDetector
    var summary = RunSummary()
    var nextProgress = Analyzer.progressInterval
    var baselineLearner: BaselineLearner? = nil
    /// Capture time of the newest packet, the clock for idle expiry.
    var lastTimestamp: Timestamp? = nil

    /// Where an observation goes besides the detector (`--emit observations`); nil without a sink.
    struct Outlet {
        let sink: (any ObservationSink)?
        let inputNames: [String]
        let originUnit: String
    }

    /// One branch per unit; returns the count when the progress hook is due (once per 65,536).
    mutating func tick() -> Int? {
        guard summary.packets >= nextProgress else { return nil }
        nextProgress = summary.packets + Analyzer.progressInterval
        return summary.packets
    }

    /// Counts an observation and uses it.
    mutating func take(_ observation: Observation, bytes: Span<UInt8>, outlet: Outlet?) {
        summary.count(observation)
        use(observation, bytes: bytes, outlet: outlet)
    }

    /// Hands an observation (counted here or by a capture worker) to the sink, the detector and the
    /// baseline learner.
    mutating func use(_ observation: Observation, bytes: Span<UInt8>, outlet: Outlet?) {
        if let outlet, let sink = outlet.sink {
            sink.take(observation, bytes: bytes, inputName: outlet.inputNames[Int(observation.origin.input)], originUnit: outlet.originUnit)
        }
        detector.observe(observation, bytes: bytes)
        if baselineLearner != nil { baselineLearner!.observe(observation) }
    }
}
