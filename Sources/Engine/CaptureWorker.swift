import Capture
import Detection
import PacketDecoding
import ProbeHoundCore

/// Packets a capture worker passed on to the detector's thread, as raw bytes in one buffer: the
/// detector's thread decodes them again (cheap, and only for the few that matter), so nothing that
/// points into a capture buffer ever crosses threads.
public struct ForwardedBatch: Sendable {
    struct Packet: Sendable {
        var origin: Origin
        var timestamp: Timestamp
        var start: Int
        var count: Int
    }

    var bytes: [UInt8] = []
    var packets: [Packet] = []
    /// What the frames not passed on still tell the detector (`ProbeDetector.noteTraffic`): the
    /// earliest time seen, and whether any held an internal address.
    var earliest: Timestamp? = nil
    var sawInternalAddress = false

    /// Nothing to hand over: no frame passed on and none seen.
    public var isEmpty: Bool { packets.isEmpty && earliest == nil }
    /// Frames passed on.
    public var count: Int { packets.count }
}

/// One capture worker's consumer (`--workers`): decodes every frame of its share of the interface
/// (PACKET_FANOUT keeps a flow on one worker), counts it as observation or skip, and passes on only
/// the frames the detector may use (`ProbeDetector.mayUse`), or all of them when every observation
/// is wanted (`--emit observations`).
final class CaptureWorker: PacketConsumer {
    private let config: DetectionConfig
    private let forwardsEverything: Bool
    /// This worker's frame counts; the run's are their sum.
    var counts = RunSummary()
    private(set) var batch = ForwardedBatch()

    init(config: DetectionConfig, forwardsEverything: Bool) {
        self.config = config
        self.forwardsEverything = forwardsEverything
        batch.bytes.reserveCapacity(1 << 16)
    }

    func consume(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, decoder: PacketDecoder) {
        var observation = Observation()
        guard counts.decodeCounting(packet, timestamp: timestamp, origin: origin, decoder: decoder, into: &observation) else { return }
        counts.count(observation)
        if batch.earliest.map({ timestamp < $0 }) ?? true { batch.earliest = timestamp }
        if !batch.sawInternalAddress && (config.isInternal(observation.source) || config.isInternal(observation.destination)) {
            batch.sawInternalAddress = true
        }
        guard forwardsEverything || ProbeDetector.mayUse(observation, config: config) else { return }
        let start = batch.bytes.count
        batch.bytes.append(copying: packet)
        batch.packets.append(ForwardedBatch.Packet(origin: origin, timestamp: timestamp, start: start, count: packet.count))
    }

    func filteredOut() {
        counts.filtered += 1
    }

    /// Hands over what was passed on since the last call.
    func takeBatch() -> ForwardedBatch {
        defer {
            batch.bytes.removeAll(keepingCapacity: true)
            batch.packets.removeAll(keepingCapacity: true)
            batch.earliest = nil
            batch.sawInternalAddress = false
        }
        return batch
    }
}

extension RunSummary {
    /// Counts one frame (packets, bytes) and decodes it into `observation`: false when it was
    /// skipped, counted by reason.
    mutating func decodeCounting(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, decoder: PacketDecoder,
                                 into observation: inout Observation) -> Bool {
        packets += 1
        bytes += packet.count
        if case .unsupported = decoder.linkType {
            skipped.add(.unsupportedLinkType)
            return false
        }
        observation.timestamp = timestamp
        observation.origin = origin
        if let reason = decoder.decode(packet, into: &observation) {
            skipped.add(reason)
            return false
        }
        return true
    }
}
