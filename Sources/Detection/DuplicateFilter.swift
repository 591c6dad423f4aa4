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

    /// The packet's identity: its addresses, IP ID, ports, ICMP id/seq, TCP sequence and flags, and
    /// for an ICMP error what it quotes (routers often send them all with one IP ID). A fixed
    /// multiply-xorshift mix: the seeded `Hasher` cost several per cent of a run on this path.
    static func identity(_ o: Observation) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        @inline(__always) func mix(_ value: UInt64) {
            h = (h ^ value) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
        }
        mix(o.source.low); mix(o.source.high)
        mix(o.destination.low); mix(o.destination.high)
        mix(UInt64(o.ipProtocol) | UInt64(o.ipID ?? 0xFFFF_FFFF) << 8 | UInt64(o.tcpFlags?.rawValue ?? 0xFF) << 40
            | UInt64(o.icmpType ?? 0xFF) << 48)
        mix(UInt64(o.sourcePort ?? 0) | UInt64(o.destinationPort ?? 0) << 16 | UInt64(o.icmpID ?? 0) << 32 | UInt64(o.icmpSequence ?? 0) << 48)
        mix(UInt64(o.tcpSequence ?? 0))
        if let inner = o.inner {
            mix(inner.source.low ^ inner.destination.low &* 31 ^ inner.destination.high)
            mix(UInt64(inner.ipProtocol) | UInt64(inner.ipID ?? 0) << 8 | UInt64(inner.sourcePort ?? 0) << 40)
            mix(UInt64(inner.destinationPort ?? 0) | UInt64(inner.icmpID ?? 0) << 16 | UInt64(inner.icmpSequence ?? 0) << 32)
            mix(UInt64(inner.tcpSequence ?? 0))
        }
        return h ^ (h >> 31)
    }

    /// True when the same packet was seen less than `window` seconds ago.
    mutating func isDuplicate(_ observation: Observation) -> Bool {
        let key = DuplicateFilter.identity(observation) | 1
        let slot = Int(key % UInt64(DuplicateFilter.slots))
        let previous = times[slot]
        let duplicate = keys[slot] == key && observation.timestamp.interval(since: previous) < window
            && observation.timestamp.interval(since: previous) >= 0 && observation.ipID != nil
        keys[slot] = key
        times[slot] = observation.timestamp
        return duplicate
    }
}
