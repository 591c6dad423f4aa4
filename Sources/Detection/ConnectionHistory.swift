import ProbeHoundCore

/// Which internal hosts have opened connections to which external hosts: the memory that tells a
/// follow-up connection to a never-contacted host from routine traffic.
///
/// Two Bloom filters of fixed size: new pairs go into the current one, lookups check both, and when
/// the current one has taken `generationSize` pairs the older is dropped. Memory stays constant on
/// any traffic; a false positive only ever hides a follow-up, never invents one.
struct ConnectionHistory {
    private var pairs = RotatingBloomFilter(bitsPerFilter: 1 << 23, generationSize: 500_000)

    /// Records the pair and says whether it had been seen before.
    mutating func insert(source: IPAddress, destination: IPAddress) -> Bool {
        pairs.insert(ConnectionHistory.mix(source, destination))
    }

    /// A fixed 64-bit mix (splitmix64 finaliser), so runs are reproducible.
    static func mix(_ source: IPAddress, _ destination: IPAddress) -> UInt64 {
        var x = source.low &* 0x9E37_79B9_7F4A_7C15 ^ source.high &* 0xC2B2_AE3D_27D4_EB4F
        x ^= destination.low &* 0x1656_67B1_9E37_79F9 ^ (destination.high &+ (destination.isIPv6 ? 1 : 0)) &* 0x27D4_EB2F_1656_67C5
        x ^= x >> 30
        x &*= 0xBF58_476D_1CE4_E5B9
        x ^= x >> 27
        x &*= 0x94D0_49BB_1331_11EB
        x ^= x >> 31
        return x
    }
}
