import Capture
public import Detection
import ProbeHoundCore

/// Live `--write-evidence`: live frames cannot be read a second time, so the probe-like packets
/// (those the detector added to an endpoint's evidence) are copied into a ring per endpoint as they
/// pass, and the frames a finding cites are written to the pcapng file when the endpoint qualifies
/// and again as its finding grows, each with the same comment `read --write-evidence` gives.
///
/// Memory is bounded twice: each ring keeps the endpoint's `packetsPerEndpoint` most recent
/// packets, and all rings together at most `byteBudget` bytes of packet data (the ring made first
/// gives way, whole). An endpoint whose cited frames left its ring before it qualified has those
/// frames missing from the file; `missing` counts them. Frames are written once, each batch in
/// capture order.
public final class LiveEvidenceRecorder {
    private struct Kept {
        var origin: Origin
        var timestamp: Timestamp
        var dlt: Int32
        var bytes: [UInt8]
    }

    private struct Ring {
        var packets: [Kept] = []
        var next = 0
        var bytes = 0
    }

    private let packetsPerEndpoint: Int
    private let byteBudget: Int
    private var rings: [IPAddress: Ring] = [:]
    /// Endpoints in the order their rings were made: the first gives way when the budget is spent.
    private var order: [IPAddress] = []
    private var orderStart = 0
    private var heldBytes = 0
    /// Frames already written (or found missing), by endpoint; outlives the rings.
    private var writtenFrames: [IPAddress: Set<Int64>] = [:]
    private var writer = PcapngWriter()
    private let sink: ([UInt8]) -> Void
    public private(set) var written = 0
    /// Cited frames that were no longer in their endpoint's ring when it qualified.
    public private(set) var missing = 0

    /// `sink` receives the encoded pcapng bytes (the section header at once).
    public init(packetsPerEndpoint: Int, byteBudget: Int, sink: @escaping ([UInt8]) -> Void) {
        self.packetsPerEndpoint = max(1, packetsPerEndpoint)
        self.byteBudget = max(1, byteBudget)
        self.sink = sink
        sink(writer.take())
    }

    /// Copies one packet into `endpoint`'s ring (called only for packets that added evidence).
    func keep(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, dlt: Int32, endpoint: IPAddress) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(packet.count)
        for i in 0..<packet.count { bytes.append(packet[i]) }
        let kept = Kept(origin: origin, timestamp: timestamp, dlt: dlt, bytes: bytes)
        if rings[endpoint] == nil {
            rings[endpoint] = Ring()
            order.append(endpoint)
        }
        var freed = 0
        rings[endpoint]!.bytes += bytes.count
        if rings[endpoint]!.packets.count < packetsPerEndpoint {
            rings[endpoint]!.packets.append(kept)
        } else {
            let slot = rings[endpoint]!.next
            freed = rings[endpoint]!.packets[slot].bytes.count
            rings[endpoint]!.packets[slot] = kept
            rings[endpoint]!.next = (slot + 1) % packetsPerEndpoint
        }
        rings[endpoint]!.bytes -= freed
        heldBytes += bytes.count - freed
        while heldBytes > byteBudget, orderStart < order.count {
            let oldest = order[orderStart]
            orderStart += 1
            if oldest != endpoint, let ring = rings.removeValue(forKey: oldest) { heldBytes -= ring.bytes }
        }
        if orderStart > 1024 && orderStart * 2 > order.count {
            order.removeFirst(orderStart)
            orderStart = 0
        }
    }

    /// Writes the frames these findings cite that are not yet in the file, each comment ending with
    /// the frame's origin (`inputNames` by `Origin.input`).
    public func write(_ findings: [Finding], inputNames: [String]) {
        var batch: [(Kept, String)] = []
        // A finding that grows may cite earlier frames later (a traceroute recognised once its
        // staircase is complete): the file then holds every frame the finding cited at any time.
        for finding in findings {
            var done = writtenFrames[finding.endpoint] ?? []
            let pending = finding.evidence.filter { !done.contains($0.index) }
            guard !pending.isEmpty else { continue }
            let comment = EvidenceExtractor.comment(for: finding)
            let kept = rings[finding.endpoint].map { ring in
                Dictionary(ring.packets.map { ($0.origin, $0) }, uniquingKeysWith: { first, _ in first })
            } ?? [:]
            for origin in pending {
                done.insert(origin.index)
                if let packet = kept[origin] { batch.append((packet, comment + EvidenceExtractor.originNote(origin, inputNames))) } else { missing += 1 }
            }
            writtenFrames[finding.endpoint] = done
        }
        for (kept, comment) in batch.sorted(by: { $0.0.origin.index < $1.0.origin.index }) {
            writer.append(kept.bytes.span, timestamp: kept.timestamp, dlt: kept.dlt, comment: comment)
            written += 1
        }
        if !batch.isEmpty { sink(writer.take()) }
    }
}
