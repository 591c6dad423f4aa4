public import Capture
public import Detection
public import PacketDecoding
public import ProbeHoundCore
public import Reporting

/// Decodes each frame in place, counts it (observation or skip reason) and feeds the detector.
/// When `observationSink` is set, every observation is also written out as a JSON line.
public final class PacketAnalyzer: PacketConsumer {
    public var detector: ProbeDetector
    public private(set) var summary = RunSummary()
    public private(set) var inputNames: [String] = []
    /// Capture time of the newest packet, the clock for idle expiry.
    public private(set) var lastTimestamp: Timestamp? = nil
    private let observationSink: ((String) -> Void)?

    public init(config: DetectionConfig, observationSink: ((String) -> Void)? = nil) {
        detector = ProbeDetector(config: config)
        self.observationSink = observationSink
    }

    /// Reads every input in order. Returns the errors of inputs that could not be opened at all
    /// (the others, even when cut short, contribute what they hold).
    public func read(_ paths: [String], filter: String?) -> [CaptureError] {
        var failures: [CaptureError] = []
        for path in paths {
            do {
                let capture = try OfflineCapture(path: path, filter: filter)
                let index = Int32(inputNames.count)
                inputNames.append(path == "-" ? "stdin" : path)
                summary.inputs += 1
                if case .unsupported(let dlt) = capture.linkType {
                    summary.inputErrors.append("\(path): link type \(dlt) is not supported; its frames are counted as skipped")
                }
                if let problem = capture.run(input: index, consumer: self) {
                    summary.inputErrors.append("\(path): \(problem)")
                }
            } catch {
                failures.append(error)
            }
        }
        return failures
    }

    /// Names an input that is not a file (a live interface) and returns its index for `Origin.input`.
    public func register(inputName: String) -> Int32 {
        inputNames.append(inputName)
        summary.inputs += 1
        return Int32(inputNames.count - 1)
    }

    /// Records libpcap's counters for the summary.
    public func record(_ statistics: CaptureStatistics) {
        summary.captureReceived = Int(statistics.received)
        summary.captureDropped = Int(statistics.dropped)
        summary.captureInterfaceDropped = Int(statistics.interfaceDropped)
    }

    public func consume(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, decoder: PacketDecoder) {
        summary.packets += 1
        lastTimestamp = timestamp
        if case .unsupported = decoder.linkType {
            summary.skipped.add(.unsupportedLinkType)
            return
        }
        switch decoder.decode(packet, timestamp: timestamp, origin: origin) {
        case .observation(let observation):
            summary.observations += 1
            if observation.isPartial { summary.partial += 1 }
            if let observationSink {
                observationSink(ObservationJSON.line(observation, bytes: packet, inputName: inputNames[Int(origin.input)]))
            }
            detector.observe(observation, bytes: packet)
        case .skipped(let reason):
            summary.skipped.add(reason)
        }
    }

    public func filteredOut() {
        summary.filtered += 1
    }

    /// The findings so far, with the summary's detection counts brought up to date.
    public func finish() -> [Finding] {
        let (findings, suppressed) = detector.findings()
        summary.findings = findings.count
        summary.suppressed = suppressed
        summary.endpoints = detector.endpointCount
        summary.evicted = detector.evictedCount
        summary.duplicates = detector.duplicatesDropped
        summary.expired = detector.expiredCount
        return findings
    }
}
