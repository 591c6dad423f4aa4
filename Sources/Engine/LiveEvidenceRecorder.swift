import Capture
public import Detection
import ProbeHoundCore

/// Live `--write-evidence`: live frames cannot be read a second time, so the probe-like packets
/// (those the detector added to an endpoint's evidence) are copied into a ring per endpoint as they
/// pass, and the frames a finding cites are written to the pcapng file when the endpoint qualifies
/// and again as its finding grows, each with the same comment `read --write-evidence` gives.
///
/// Memory is bounded twice: each ring keeps `packetsPerEndpoint` of the endpoint's packets — its
/// first half for good (a finding cites its *first* listed probes, which a burst of later probes
/// must not overwrite before the next write), the other half the most recent ones — and all rings together at most `byteBudget` bytes of packet data. Over the budget a
/// whole ring gives way: first the oldest ring still holding one packet (what each source of a
/// spoofed flood leaves), only then the oldest of the others, so a flood of one-packet sources
/// cannot push out a real prober's evidence before it qualifies. An endpoint whose cited frames
/// left its ring before it qualified has those frames missing from the file; `missing` counts
/// them. Frames are written once, each batch in capture order.
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
        /// Tells this ring from an earlier one of the same endpoint that gave way.
        let generation: UInt64
    }

    /// Rings in the order they entered a segment; entries whose ring has left it are skipped.
    private struct Queue {
        var entries: [(endpoint: IPAddress, generation: UInt64)] = []
        var start = 0

        mutating func push(_ endpoint: IPAddress, _ generation: UInt64) { entries.append((endpoint, generation)) }

        mutating func pop() -> (endpoint: IPAddress, generation: UInt64)? {
            guard start < entries.count else { return nil }
            defer {
                start += 1
                if start > 1024 && start * 2 > entries.count { entries.removeFirst(start); start = 0 }
            }
            return entries[start]
        }
    }

    private let packetsPerEndpoint: Int
    private let byteBudget: Int
    private var rings: [IPAddress: Ring] = [:]
    /// Rings with one packet, and rings with more, each oldest first: who gives way over the budget.
    private var probation = Queue()
    private var protected = Queue()
    private var generations: UInt64 = 0
    private var heldBytes = 0
    /// Frames already written (or found missing), by endpoint; outlives the rings.
    private var writtenFrames: [IPAddress: Set<Origin>] = [:]
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
        let bytes = [UInt8](copying: packet)
        let kept = Kept(origin: origin, timestamp: timestamp, dlt: dlt, bytes: bytes)
        var ring = rings.removeValue(forKey: endpoint) ?? {
            generations += 1
            probation.push(endpoint, generations)
            return Ring(generation: generations)
        }()
        var freed = 0
        if ring.packets.count < packetsPerEndpoint {
            ring.packets.append(kept)
            if ring.packets.count == 2 { protected.push(endpoint, ring.generation) }
        } else {
            let first = packetsPerEndpoint / 2, recent = packetsPerEndpoint - first
            let slot = first + ring.next
            freed = ring.packets[slot].bytes.count
            ring.packets[slot] = kept
            ring.next = (ring.next + 1) % recent
        }
        ring.bytes += bytes.count - freed
        heldBytes += bytes.count - freed
        rings[endpoint] = ring
        while heldBytes > byteBudget {
            let fromProbation: Bool
            let victim: (endpoint: IPAddress, generation: UInt64)
            if let next = probation.pop() { (victim, fromProbation) = (next, true) }
            else if let next = protected.pop() { (victim, fromProbation) = (next, false) }
            else { break }
            // Entries of rings that left (gave way, or were made again) are stale; a probation entry
            // of a ring that has grown is skipped (its protected entry stands for it).
            guard let gone = rings[victim.endpoint], gone.generation == victim.generation,
                  !fromProbation || gone.packets.count == 1 else { continue }
            if victim.endpoint == endpoint {
                // The ring just kept stays (its own size is bounded); it queues again, and the
                // budget waits for the next packet to be enforced further.
                if fromProbation { probation.push(endpoint, gone.generation) } else { protected.push(endpoint, gone.generation) }
                break
            }
            rings[victim.endpoint] = nil
            heldBytes -= gone.bytes
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
            let pending = finding.evidence.filter { !done.contains($0) }
            guard !pending.isEmpty else { continue }
            let comment = EvidenceExtractor.comment(for: finding)
            let kept = rings[finding.endpoint].map { ring in
                Dictionary(ring.packets.map { ($0.origin, $0) }, uniquingKeysWith: { first, _ in first })
            } ?? [:]
            for origin in pending {
                done.insert(origin)
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
