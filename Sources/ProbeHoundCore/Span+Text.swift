/// ASCII comparisons over bytes in place, shared by the packet decoders and the log parsers.
extension Span where Element == UInt8 {
    /// True when the bytes at `offset` equal `text`, without copying either.
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
}
