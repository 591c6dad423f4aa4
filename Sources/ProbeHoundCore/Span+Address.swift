/// IP addresses read from text in place: log fields, config values and command-line arguments all
/// go through this one reader.
extension Span where Element == UInt8 {
    /// An IPv4 or IPv6 address written in `range` (zone and brackets not allowed), read without allocating.
    @inlinable
    public func address(_ range: Range<Int>) -> IPAddress? {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= count else { return nil }
        if firstIndex(of: UInt8(ascii: ":"), in: range) != nil { return ipv6(range) }
        return ipv4(range).map { IPAddress(v4: $0) }
    }

    /// Dotted-quad IPv4 in `range` (leading zeros allowed, at most three digits an octet).
    @inlinable
    func ipv4(_ range: Range<Int>) -> UInt32? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, dots = 0
        for i in range {
            let byte = self[i]
            if byte == 46 {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0; digits = 0; dots += 1
            } else if byte >= 48 && byte <= 57 {
                octet = octet * 10 + UInt32(byte - 48)
                digits += 1
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    /// RFC 4291 IPv6 in `range`: `::` once, an embedded IPv4 tail, no zone or brackets.
    @inlinable
    func ipv6(_ range: Range<Int>) -> IPAddress? {
        var words = InlineArray<8, UInt16>(repeating: 0)
        var groups = 0, gap = -1
        var i = range.lowerBound
        if hasPrefix("::", at: i) { gap = 0; i += 2 }
        while i < range.upperBound {
            var end = i
            var sawDot = false
            while end < range.upperBound && self[end] != 58 {
                if self[end] == 46 { sawDot = true }
                end += 1
            }
            if sawDot {
                // An embedded IPv4 tail ends the address.
                guard end == range.upperBound, groups <= 6, let v4 = ipv4(i..<end) else { return nil }
                words[groups] = UInt16(v4 >> 16)
                words[groups + 1] = UInt16(v4 & 0xffff)
                groups += 2
                break
            }
            guard end > i, end - i <= 4, groups < 8 else { return nil }
            var value: UInt16 = 0
            for k in i..<end {
                guard let digit = Span.hexDigit(self[k]) else { return nil }
                value = value << 4 | UInt16(digit)
            }
            words[groups] = value
            groups += 1
            i = end
            guard i < range.upperBound else { break }
            i += 1   // ':'
            if i < range.upperBound && self[i] == 58 {
                guard gap < 0 else { return nil }
                gap = groups
                i += 1
            } else if i == range.upperBound {
                return nil
            }
        }
        guard gap >= 0 ? groups < 8 : groups == 8 else { return nil }
        if gap >= 0 {
            // Slide the groups after the gap to the end, zeros in between.
            let tail = groups - gap
            var k = 7
            while k >= 8 - tail {
                words[k] = words[gap + k - (8 - tail)]
                k -= 1
            }
            for z in gap..<(8 - tail) { words[z] = 0 }
        }
        var high: UInt64 = 0, low: UInt64 = 0
        for k in 0..<4 { high = high << 16 | UInt64(words[k]) }
        for k in 4..<8 { low = low << 16 | UInt64(words[k]) }
        return IPAddress(v6High: high, low: low)
    }
}
