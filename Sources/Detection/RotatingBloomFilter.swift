/// A set of 64-bit keys in constant memory: two Bloom filters of `bitsPerFilter` bits, new keys go
/// into the current one, lookups check both, and when the current one has taken `generationSize`
/// keys the older is dropped. A false positive says "seen" for a key that was not; callers use it
/// only where that errs on the harmless side.
struct RotatingBloomFilter {
    private let bitsPerFilter: Int
    private let generationSize: Int
    private var current: [UInt64]
    private var previous: [UInt64]
    private var inserted = 0

    /// `bitsPerFilter` must be a power of two of at most 2^20 × 2^20 (three probes 20 bits apart).
    init(bitsPerFilter: Int, generationSize: Int) {
        self.bitsPerFilter = bitsPerFilter
        self.generationSize = generationSize
        current = [UInt64](repeating: 0, count: bitsPerFilter / 64)
        previous = current
    }

    /// Records `hash` and says whether it had been seen before.
    mutating func insert(_ hash: UInt64) -> Bool {
        var inCurrent = true, inPrevious = true
        for k in 0..<3 {
            let (word, mask) = position(hash, k)
            if current[word] & mask == 0 { inCurrent = false }
            if previous[word] & mask == 0 { inPrevious = false }
        }
        if !inCurrent {
            if inserted >= generationSize { rotate() }
            for k in 0..<3 {
                let (word, mask) = position(hash, k)
                current[word] |= mask
            }
            inserted += 1
        }
        return inCurrent || inPrevious
    }

    /// The k-th of three bit positions, taken 20 bits apart from the hash.
    private func position(_ hash: UInt64, _ k: Int) -> (word: Int, mask: UInt64) {
        let bit = Int(truncatingIfNeeded: (hash >> UInt64(k * 20)) & UInt64(bitsPerFilter - 1))
        return (bit >> 6, UInt64(1) << UInt64(bit & 63))
    }

    private mutating func rotate() {
        swap(&current, &previous)
        for i in current.indices { current[i] = 0 }
        inserted = 0
    }
}
