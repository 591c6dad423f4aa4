public import Capture
public import Detection
public import PacketDecoding
public import ProbeHoundCore

/// Decodes each frame in place, counts it (observation or skip reason) and feeds the detector.
/// When `observationSink` is set, every observation is also handed to it.
public final class PacketAnalyzer: Analyzer, PacketConsumer {
    /// UDP ports of the tunnels the decoders follow (VXLAN, Geneve, Teredo, GTP-U, L2TP).
    public var tunnelPorts: TunnelPorts
    /// Capture time of the newest packet, the clock for idle expiry.
    public var lastTimestamp: Timestamp? { state.lastTimestamp }
    /// Live `--write-evidence`: keeps each packet that added to an endpoint's evidence.
    public var evidenceRecorder: LiveEvidenceRecorder?

    /// An analyzer for frames; `observationSink` receives every observation when given (`--emit observations`).
    public init(config: DetectionConfig, observationSink: (any ObservationSink)? = nil) {
        tunnelPorts = config.tunnelPorts
        super.init(config: config, originUnit: "frame", observationSink: observationSink)
    }

    /// Reads every input in order. Returns the errors of inputs that could not be opened at all
    /// (the others, even when cut short, contribute what they hold).
    public func read(_ paths: [String], filter: String?) -> [CaptureError] {
        var failures: [CaptureError] = []
        for path in paths {
            do {
                let opened = try OfflineInput.open(path, filter: filter, tunnelPorts: tunnelPorts)
                readInput(path, linkType: opened.linkType) { opened.run(input: $0, consumer: self) }
            } catch {
                failures.append(error)
            }
        }
        return failures
    }

    /// Records libpcap's counters for the summary.
    public func record(_ statistics: CaptureStatistics) {
        summary.captureReceived = Int(statistics.received)
        summary.captureDropped = Int(statistics.dropped)
        summary.captureInterfaceDropped = Int(statistics.interfaceDropped)
    }

    /// Registers one opened input, notes an unsupported link type, runs it and records how it ended.
    private func readInput(_ path: String, linkType: LinkType, _ run: (Int32) -> String?) {
        let index = register(inputName: path)
        inputDetails[Int(index)] = "link type \(linkType)"
        if case .unsupported(let dlt) = linkType {
            summary.inputErrors.append("\(path): link type \(dlt) is not supported; its frames are counted as skipped")
        }
        if let problem = run(index) { summary.inputErrors.append("\(path): \(problem)") }
    }

    /// One frame from a reader or libpcap: counted, decoded in place, observed (and kept for live evidence when it added some).
    public func consume(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, decoder: PacketDecoder) {
        let (progress, used) = state.consume(packet, timestamp: timestamp, origin: origin, decoder: decoder, outlet: outlet)
        report(progress: progress)
        if used { keepEvidence(packet, timestamp: timestamp, origin: origin, decoder: decoder) }
    }

    /// Frames the capture workers passed on (`--workers`), already counted there: decoded again
    /// here and handed to the detector.
    public func consumeForwarded(_ batch: ForwardedBatch, decoder: PacketDecoder) {
        if let earliest = batch.earliest { state.detector.noteTraffic(at: earliest, internalAddress: batch.sawInternalAddress) }
        let outlet = outlet
        for packet in batch.packets {
            let bytes = batch.bytes.span.extracting(packet.start..<packet.start + packet.count)
            guard state.useForwarded(bytes, timestamp: packet.timestamp, origin: packet.origin, decoder: decoder, outlet: outlet) else { continue }
            keepEvidence(bytes, timestamp: packet.timestamp, origin: packet.origin, decoder: decoder)
        }
    }

    /// Live `--write-evidence`: the packet just observed, when it added to an endpoint's evidence.
    private func keepEvidence(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, decoder: PacketDecoder) {
        if let evidenceRecorder, let endpoint = state.detector.lastEvidenceEndpoint {
            evidenceRecorder.keep(packet, timestamp: timestamp, origin: origin, dlt: decoder.linkType.dlt, endpoint: endpoint)
        }
    }

    /// The frame counts of the capture workers (`--workers`), which read every frame; the detector's
    /// counts stay this analyzer's own.
    public func takeFrameCounts(_ workers: [RunSummary]) {
        summary = summary.withFrameCounts(of: workers)
    }

    /// A frame the BPF filter rejected: counted apart from the packets read.
    public func filteredOut() {
        summary.filtered += 1
    }
}

extension EngineState {
    /// One frame: counted, decoded in place, and taken when it decodes. Returns the progress count
    /// when due, and whether the frame reached the detector.
    mutating func consume(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, decoder: PacketDecoder,
                          outlet: Outlet?) -> (progress: Int?, used: Bool) {
        lastTimestamp = timestamp
        let progress = tick()
        var observation = Observation()
        guard summary.decodeCounting(packet, timestamp: timestamp, origin: origin, decoder: decoder, into: &observation) else {
            return (progress, false)
        }
        take(observation, bytes: packet, outlet: outlet)
        return (progress, true)
    }

    /// A frame a capture worker counted and passed on: decoded again and used. False when it does
    /// not decode (it did in the worker; kept for safety, nothing is counted twice).
    mutating func useForwarded(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, decoder: PacketDecoder, outlet: Outlet?) -> Bool {
        lastTimestamp = timestamp
        var observation = Observation()
        observation.timestamp = timestamp
        observation.origin = origin
        guard decoder.decode(packet, into: &observation) == nil else { return false }
        use(observation, bytes: packet, outlet: outlet)
        return true
    }
}
