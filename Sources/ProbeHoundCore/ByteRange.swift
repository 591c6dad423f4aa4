/// Offsets into the bytes an observation was decoded from (a packet or a log line).
///
/// Decoders record where a field is instead of copying it, so the packet path allocates nothing;
/// a consumer that keeps the field copies it while the bytes are still valid.
public struct ByteRange: Hashable, Sendable {
    /// First byte's offset; 32 bits keep an observation small (a packet or line is never 2 GiB).
    public var start: Int32
    /// Length in bytes.
    public var count: Int32

    /// Offsets from a decoder; they are checked against the bytes when read (`string(in:)`), not here.
    public init(start: Int, count: Int) {
        self.start = Int32(truncatingIfNeeded: start)
        self.count = Int32(truncatingIfNeeded: count)
    }

    /// The range to index the bytes with.
    public var range: Range<Int> { Int(start)..<Int(start) + Int(count) }

    /// The bytes as text (invalid UTF-8 repaired), or "" when the range is out of bounds.
    public func string(in bytes: Span<UInt8>) -> String {
        let r = range
        guard r.lowerBound >= 0, r.upperBound <= bytes.count else { return "" }
        return String(decoding: [UInt8](copying: bytes.extracting(r)), as: UTF8.self)
    }
}
