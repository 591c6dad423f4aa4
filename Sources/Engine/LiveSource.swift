public import Capture
import Detection
import ProbeHoundCore
#if canImport(Glibc)
import Glibc
#endif

/// Where `live` gets its frames: one capture read on the detector's own thread (`--workers 1`), or
/// capture workers sharing the interface through PACKET_FANOUT, each on its own thread. The one
/// interface the live loop (`LiveRun`) needs, whichever it is.
public enum LiveSource {
    case single(LiveCapture, input: Int32)
    case workers(LiveWorkers)

    /// Opens the interface once per worker; their frames are named `IFACE#1`, `IFACE#2`, ... so
    /// frame numbers stay unique when there are several.
    public static func open(interface: String, options: LiveCaptureOptions, workers: Int, analyzer: PacketAnalyzer,
                     forwardsEverything: Bool) throws(CaptureError) -> LiveSource {
        guard workers > 1 else {
            let capture = try LiveCapture(interface: interface, options: options)
            return .single(capture, input: analyzer.register(inputName: interface))
        }
        var fanout = options
        fanout.fanoutGroup = UInt16(truncatingIfNeeded: getpid())
        let shared = fanout
        let inputs = (1...workers).map { analyzer.register(inputName: "\(interface)#\($0)") }
        let opened = try LiveWorkers(count: workers, open: { _ throws(CaptureError) in try LiveCapture(interface: interface, options: shared) },
                                     inputs: inputs, config: analyzer.detector.config, forwardsEverything: forwardsEverything)
        return .workers(opened)
    }

    /// tcpdump's start line, with the number of capture workers when there are several.
    public var banner: String {
        switch self {
        case .single(let capture, _): capture.banner
        case .workers(let workers): "\(workers.banner), \(workers.count) capture workers (PACKET_FANOUT)"
        }
    }

    /// Takes what arrives within `timeoutMilliseconds` into `analyzer` (at most `maximumPackets`
    /// with one capture; workers may overshoot by a batch). Throws when the interface failed.
    public func step(into analyzer: PacketAnalyzer, timeoutMilliseconds: Int32, maximumPackets: Int32) throws(CaptureError) {
        switch self {
        case .single(let capture, let input):
            _ = try capture.poll(timeoutMilliseconds: timeoutMilliseconds, maximumPackets: maximumPackets, input: input, consumer: analyzer)
        case .workers(let workers):
            workers.drain(into: analyzer, timeoutMilliseconds: Int(timeoutMilliseconds))
            if workers.failed { throw CaptureError(input: analyzer.inputNames.first ?? "", message: workers.counts.flatMap(\.inputErrors).first ?? "a capture worker stopped") }
        }
    }

    /// Brings libpcap's counters (and the workers' frame counts) into the analyzer's summary.
    public func refreshStatistics(_ analyzer: PacketAnalyzer) {
        switch self {
        case .single(let capture, _): if let statistics = capture.statistics() { analyzer.record(statistics) }
        case .workers(let workers): analyzer.takeFrameCounts(workers.counts)
        }
    }

    /// Each capture worker's counts (none with one capture).
    public var workerCounts: [RunSummary] {
        if case .workers(let workers) = self { workers.counts } else { [] }
    }

    /// Ends the capture; workers hand over what they passed on last.
    public func stop(_ analyzer: PacketAnalyzer) {
        if case .workers(let workers) = self { workers.stop(into: analyzer) }
        refreshStatistics(analyzer)
    }
}
