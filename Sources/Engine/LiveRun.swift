import Detection
import ProbeHoundCore

/// What the live loop hands to the outputs on their schedule. The engine knows no output format;
/// the CLI implements this with its finding lines, table, metrics and evidence file.
public protocol LiveRunOutputs: AnyObject {
    /// Once a second: new and grown findings, metrics, evidence frames.
    func everySecond() throws
    /// Every report interval (`--report-every`): the table, when it changed.
    func periodicReport()
    /// SIGHUP: reopen the outputs a log rotation moved.
    func reopen() throws
    /// SIGUSR1: print the statistics and go on.
    func printStatistics()
}

/// The signals the loop polls between batches: each says whether it was raised (and lowers it).
public struct LiveSignals {
    /// SIGINT/SIGTERM: end the run.
    public var stop: () -> Bool
    /// SIGHUP: reopen the outputs.
    public var reopen: () -> Bool
    /// SIGUSR1: print the statistics.
    public var statistics: () -> Bool

    /// The three polls, each true once per signal.
    public init(stop: @escaping () -> Bool, reopen: @escaping () -> Bool, statistics: @escaping () -> Bool) {
        self.stop = stop
        self.reopen = reopen
        self.statistics = statistics
    }
}

/// `probehound live`'s loop: reads the source in batches (waking at least every 200 ms), ends on a
/// stop signal, `duration` or `packetCount`, hands the outputs their turns, and forgets idle
/// endpoints on the capture's own clock so a long run stays flat in memory.
public struct LiveRun {
    /// Seconds after which the run ends (`--duration`), nil for none.
    public var duration: Double?
    /// Packets after which the run ends (`--packet-count`), nil for none.
    public var packetCount: Int?
    /// Seconds between periodic reports; 0 for none.
    public var reportEvery: Double

    /// A loop with these limits and report interval.
    public init(duration: Double?, packetCount: Int?, reportEvery: Double) {
        self.duration = duration
        self.packetCount = packetCount
        self.reportEvery = reportEvery
    }

    /// Runs until stopped; a capture failure ends the run and is returned (the outputs still
    /// finish), an output failure is thrown.
    public func run(_ source: LiveSource, into analyzer: PacketAnalyzer, outputs: any LiveRunOutputs,
                    signals: LiveSignals) throws -> CaptureFailure? {
        let clock = ContinuousClock()
        let start = clock.now
        func seconds(since instant: ContinuousClock.Instant) -> Double {
            let elapsed = clock.now - instant
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        var lastSecond = start, lastReport = start, lastExpiry = start
        var latestPacketTime: Timestamp? = nil
        let expiryEvery = min(60, Double(analyzer.detector.config.endpointIdleTimeoutSeconds) / 2)
        while !signals.stop() {
            let remaining = packetCount.map { Int32(clamping: $0 - analyzer.summary.packets) } ?? -1
            do {
                try source.step(into: analyzer, timeoutMilliseconds: 200, maximumPackets: remaining)
            } catch {
                return CaptureFailure(message: "\(error)")
            }
            latestPacketTime = analyzer.lastTimestamp ?? latestPacketTime
            if let packetCount, analyzer.summary.packets >= packetCount { break }
            if let duration, seconds(since: start) >= duration { break }
            if seconds(since: lastSecond) >= 1 {
                lastSecond = clock.now
                try outputs.everySecond()
            }
            if reportEvery > 0 && seconds(since: lastReport) >= reportEvery {
                lastReport = clock.now
                outputs.periodicReport()
            }
            if signals.reopen() { try outputs.reopen() }
            if signals.statistics() { outputs.printStatistics() }
            if seconds(since: lastExpiry) >= expiryEvery, let latestPacketTime {
                lastExpiry = clock.now
                analyzer.detector.expireIdle(now: latestPacketTime)
            }
        }
        return nil
    }
}

/// The interface failed during a live run (went away, was shut down): the run ends with what it has.
public struct CaptureFailure: Error, CustomStringConvertible {
    /// libpcap's words for the failure.
    public var message: String
    /// The failure, for the command's message.
    public var description: String { message }
}
