import ProbeHoundCore

/// Drops a second copy of a packet seen within the window (two span ports, a multi-interface pcapng):
/// a direct-mapped table of recent packet identities, fixed size, no allocation per packet.
/// The identity leaves out the TTL, which differs between copies taken on either side of a router.
struct DuplicateFilter {
    private static let slots = 1 << 14
    private var keys = [UInt64](repeating: 0, count: DuplicateFilter.slots)
    private var times = [Timestamp](repeating: .zero, count: DuplicateFilter.slots)
    let window: Double

    init(window: Double) {
        self.window = window
    }

    /// True when the same packet was seen less than `window` seconds ago.
    mutating func isDuplicate(_ observation: Observation) -> Bool {
        var hasher = Hasher()
        hasher.combine(observation.source)
        hasher.combine(observation.destination)
        hasher.combine(observation.ipProtocol)
        hasher.combine(observation.ipID)
        hasher.combine(observation.sourcePort)
        hasher.combine(observation.destinationPort)
        hasher.combine(observation.icmpType)
        hasher.combine(observation.icmpID)
        hasher.combine(observation.icmpSequence)
        hasher.combine(observation.tcpSequence)
        hasher.combine(observation.tcpFlags?.rawValue)
        // An ICMP error is identified by what it quotes: routers often send them all with one IP ID.
        hasher.combine(observation.inner)
        let key = UInt64(bitPattern: Int64(hasher.finalize())) | 1
        let slot = Int(key % UInt64(DuplicateFilter.slots))
        let previous = times[slot]
        let duplicate = keys[slot] == key && observation.timestamp.interval(since: previous) < window
            && observation.timestamp.interval(since: previous) >= 0 && observation.ipID != nil
        keys[slot] = key
        times[slot] = observation.timestamp
        return duplicate
    }
}
