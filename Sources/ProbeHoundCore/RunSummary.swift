
/// What a run read and what became of it; `packets == observations + skipped.total` always.
public struct RunSummary: Sendable {
    /// A run over logs counts `records` where a capture counts `packets`.
    public var isLogRun = false
    /// Inputs opened (files, standard input, an interface or its capture workers).
    public var inputs = 0
    /// Frames or log records read; each became an observation or a counted skip.
    public var packets = 0
    /// Bytes of the packets as captured (0 for logs).
    public var bytes = 0
    /// Units decoded into an observation and handed to the detector.
    public var observations = 0
    /// Units not decoded, by reason: nothing read is lost silently.
    public var skipped = SkipCounts()
    /// Frames the BPF filter rejected (not counted in `packets`).
    public var filtered = 0
    /// Observations whose transport header was cut short.
    public var partial = 0
    /// Observations by the encapsulation they arrived in (plain packets are not counted here).
    public var encapsulated = TunnelCounts()
    /// Copies of a packet seen twice (span ports, both directions of a router) counted once.
    public var duplicates = 0
    /// Endpoints with state now (bounded by `max_endpoints`).
    public var endpoints = 0
    /// Endpoints reported; `suppressed` were held back by the allowlist.
    public var findings = 0
    /// Findings the allowlist held back (`--show-suppressed` lists them).
    public var suppressed = 0
    /// Endpoints evicted at the state bound (their findings, if any, are kept).
    public var evicted = 0
    /// `evicted` by segment of the endpoint table: one-packet endpoints, and those with more evidence.
    public var evictedFromProbation = 0
    /// Evictions of endpoints with more than one piece of evidence.
    public var evictedFromProtected = 0
    /// New endpoints refused on their first sighting while the table was full (a flood's spoofed sources).
    public var notAdmitted = 0
    /// No address of an internal network appeared in what was analysed (a network with public
    /// addresses, or a capture outside the perimeter): the summary suggests `--internal`.
    public var noInternalAddresses = false
    /// Host telemetry records of probes whose host's address never became known (no outbound
    /// connection of that host in the input and no `--host-address`): not on any finding.
    public var processProbesWithoutAddress = 0
    /// Those hosts, as the records name them.
    public var hostsWithoutAddress: [String] = []
    /// Endpoints forgotten after being idle (live mode).
    public var expired = 0
    /// libpcap's counters for a live capture: received, dropped by the kernel buffer, dropped by the interface.
    public var captureReceived: Int? = nil
    /// libpcap's `ps_drop`: dropped for lack of buffer space.
    public var captureDropped: Int? = nil
    /// libpcap's `ps_ifdrop`: dropped by the interface or its driver.
    public var captureInterfaceDropped: Int? = nil
    /// Frames capture workers passed on that the detector's queue had no room for (`--workers`):
    /// counted as observations, never judged.
    public var queueDropped = 0
    /// Inputs that ended early, with libpcap's reason.
    public var inputErrors: [String] = []

    /// An empty count, before anything is read.
    public init() {}
}

extension RunSummary {
    /// Counts one observation the engine takes (partial, encapsulated).
    @inlinable
    public mutating func count(_ observation: Observation) {
        observations += 1
        if observation.isPartial { partial += 1 }
        if let tunnel = observation.tunnel { encapsulated.add(tunnel.kind) }
    }

    /// The counts every frame read adds to (as opposed to the detector's counts).
    static var frameCounts: [WritableKeyPath<RunSummary, Int>] { [\.packets, \.bytes, \.observations, \.filtered, \.partial, \.queueDropped] }

    /// Adds what another reader of the same run counted (a capture worker's frames): packets,
    /// bytes, observations, skips, filtered, partial and encapsulated frames, and libpcap's counters.
    public mutating func addFrameCounts(of other: RunSummary) {
        for field in RunSummary.frameCounts { self[keyPath: field] += other[keyPath: field] }
        skipped.merge(other.skipped)
        encapsulated.merge(other.encapsulated)
        if let received = other.captureReceived { captureReceived = (captureReceived ?? 0) + received }
        if let dropped = other.captureDropped { captureDropped = (captureDropped ?? 0) + dropped }
        if let dropped = other.captureInterfaceDropped { captureInterfaceDropped = (captureInterfaceDropped ?? 0) + dropped }
        inputErrors += other.inputErrors
    }

    /// These counts with the frame counts taken from `readers` (capture workers, which read every
    /// frame) instead: the detector's counts stay.
    public func withFrameCounts(of readers: [RunSummary]) -> RunSummary {
        var total = self
        for field in RunSummary.frameCounts { total[keyPath: field] = 0 }
        total.skipped = SkipCounts()
        total.encapsulated = TunnelCounts()
        (total.captureReceived, total.captureDropped, total.captureInterfaceDropped) = (nil, nil, nil)
        total.inputErrors = []
        for reader in readers { total.addFrameCounts(of: reader) }
        return total
    }

    /// Records or frames that were read but not understood (header lines and log records that carry
    /// no traffic were understood; they just hold nothing to analyse).
    public var notAnalysed: Int {
        skipped.total - skipped[.header] - skipped[.noTraffic]
    }

    /// True when the run read input yet understood none of it: a wrong `--log-format`, a misread
    /// format, a capture of an unsupported link type. Such a run must not look clean.
    public var analysedNothing: Bool {
        observations == 0 && skipped[.noTraffic] == 0
    }

    /// "4 of 6 packets were not analysed (not_ip 3, truncated 1)" when more than half of what was
    /// read could not be analysed, else nil: the findings then cover only part of the input.
    public var coverageWarning: String? {
        let considered = packets - skipped[.header]
        guard considered > 0, notAnalysed * 2 > considered else { return nil }
        return "\(notAnalysed) of \(considered) \(isLogRun ? "records" : "packets") were not analysed ("
            + skipped.listing(excluding: [.header, .noTraffic]) + "); findings cover only the rest"
    }
}
