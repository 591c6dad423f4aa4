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
    @exclusivity(unchecked) public private(set) var lastTimestamp: Timestamp? = nil

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

    public func consume(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, decoder: PacketDecoder) {
        summary.packets += 1
        summary.bytes += packet.count
        lastTimestamp = timestamp
        tick()
        if case .unsupported = decoder.linkType {
            summary.skipped.add(.unsupportedLinkType)
            return
        }
        var observation = Observation()
        observation.timestamp = timestamp
        observation.origin = origin
        if let reason = decoder.decode(packet, into: &observation) {
            summary.skipped.add(reason)
        } else {
            take(observation, bytes: packet)
        }
    }

    public func filteredOut() {
        summary.filtered += 1
    }
}
