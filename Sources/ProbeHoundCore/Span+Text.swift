/// ASCII comparisons over bytes in place, shared by the packet decoders and the log parsers.
extension Span where Element == UInt8 {
    /// True when the bytes at `offset` equal `text`, without copying either.
    @inlinable
    public func hasPrefix(_ text: String, at offset: Int) -> Bool {
        let pattern = text.utf8.span
        guard offset >= 0, offset + pattern.count <= count else { return false }
        var i = 0
        while i < pattern.count {
            if self[offset + i] != pattern[i] { return false }
            i += 1
        }
        return true
    }

    /// First index of `needle` in `range`, or nil.
    @inlinable
    public func firstIndex(of needle: String, in range: Range<Int>) -> Int? {
        // The needle's bytes in place (a literal is contiguous UTF-8): iterating `String.UTF8View`
        // at each candidate cost a third of a log run.
        let pattern = needle.utf8.span
        let length = pattern.count
        guard length > 0, range.lowerBound >= 0, range.upperBound <= count, range.count >= length else { return nil }
        let first = pattern[0]
        var i = range.lowerBound
        let last = range.upperBound - length
        outer: while i <= last {
            if self[i] == first {
                var j = 1
                while j < length {
                    if self[i + j] != pattern[j] { i += 1; continue outer }
                    j += 1
                }
                return i
            }
            i += 1
        }
        return nil
    }

    /// First index of `byte` in `range`, or nil.
    @inlinable
    public func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i < range.upperBound {
            if self[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// Last index of `byte` in `range`, or nil.
    @inlinable
    public func lastIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        var i = range.upperBound
        while i > range.lowerBound {
            i -= 1
            if self[i] == byte { return i }
        }
        return nil
    }

    /// The bytes in `range` are exactly `text`.
    @inlinable
    public func equals(_ text: String, _ range: Range<Int>) -> Bool {
        range.count == text.utf8.count && hasPrefix(text, at: range.lowerBound)
    }

    /// The bytes in `range` are `text` in any ASCII case (header names, protocol names, verdicts);
    /// both sides are folded, so a literal written `Denied` matches as `denied` does.
    @inlinable
    public func equalsIgnoringCase(_ text: String, _ range: Range<Int>) -> Bool {
        guard range.count == text.utf8.count, range.lowerBound >= 0, range.upperBound <= count else { return false }
        var i = range.lowerBound
        for var expected in text.utf8 {
            var byte = self[i]
            if byte >= 65 && byte <= 90 { byte += 32 }
            if expected >= 65 && expected <= 90 { expected += 32 }
            if byte != expected { return false }
            i += 1
        }
        return true
    }

    /// The value of an ASCII hex digit, nil for any other byte.
    @inlinable
    public static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}

extension Array where Element == UInt8 {
    /// A copy of bytes that are valid only for a while (a packet in libpcap's buffer, a log line
    /// in the reader's): what is kept past the call.
    @inlinable
    public init(copying bytes: Span<UInt8>) {
        self.init()
        append(copying: bytes)
    }

    /// Appends a copy of `bytes`.
    @inlinable
    public mutating func append(copying bytes: Span<UInt8>) {
        reserveCapacity(count + bytes.count)
        for i in 0..<bytes.count { append(bytes[i]) }
    }
}
