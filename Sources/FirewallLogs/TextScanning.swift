import ProbeHoundCore

/// Byte-level helpers shared by the parsers: searching, numbers and addresses read in place.
extension Span where Element == UInt8 {
    /// First index of `needle` in `range`, or nil.
    func firstIndex(of needle: String, in range: Range<Int>) -> Int? {
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

    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i < range.upperBound {
            if self[i] == byte { return i }
            i += 1
        }
        return nil
    }

    func equals(_ text: String, _ range: Range<Int>) -> Bool {
        range.count == text.utf8.count && hasPrefix(text, at: range.lowerBound)
    }

    func equalsIgnoringCase(_ lowercase: String, _ range: Range<Int>) -> Bool {
        guard range.count == lowercase.utf8.count, range.lowerBound >= 0, range.upperBound <= count else { return false }
        var i = range.lowerBound
        for expected in lowercase.utf8 {
            var byte = self[i]
            if byte >= 65 && byte <= 90 { byte += 32 }
            if byte != expected { return false }
            i += 1
        }
        return true
    }

    /// Unsigned decimal in `range` (all digits), or nil.
    func integer(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18, range.lowerBound >= 0, range.upperBound <= count else { return nil }
        var value = 0
        for i in range {
            let byte = self[i]
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// Decimal, or hexadecimal with a `0x` prefix.
    func integerOrHex(_ range: Range<Int>) -> Int? {
        if range.count > 2 && self[range.lowerBound] == 48 && (self[range.lowerBound + 1] | 0x20) == 120 {
            var value = 0
            for i in range.lowerBound + 2..<range.upperBound {
                guard range.count <= 18, let digit = Span.hexDigit(self[i]) else { return nil }
                value = value << 4 | Int(digit)
            }
            return value
        }
        return integer(range)
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }

    /// An IPv4 or IPv6 address written in `range` (zone and brackets not allowed), read without allocating.
    func address(_ range: Range<Int>) -> IPAddress? {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= count else { return nil }
        if firstIndex(of: UInt8(ascii: ":"), in: range) != nil { return ipv6(range) }
        return ipv4(range).map { IPAddress(v4: $0) }
    }

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

    private func ipv6(_ range: Range<Int>) -> IPAddress? {
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

/// TCP flags written as letters (`S`, `SA`, `FPA`: pf's filterlog, Windows Firewall's tcpflags).
func tcpFlags(letters line: Span<UInt8>, _ range: Range<Int>) -> TCPFlags {
    var set: TCPFlags = []
    for i in range {
        switch line[i] {
        case 83: set.insert(.syn)
        case 65: set.insert(.ack)
        case 70: set.insert(.fin)
        case 82: set.insert(.rst)
        case 80: set.insert(.psh)
        case 85: set.insert(.urg)
        default: break
        }
    }
    return set
}

/// Trims ASCII spaces (and a trailing CR) from both ends of a range.
func trimmed(_ line: Span<UInt8>, _ range: Range<Int>) -> Range<Int> {
    var start = range.lowerBound, end = range.upperBound
    while start < end && (line[start] == 32 || line[start] == 9) { start += 1 }
    while end > start && (line[end - 1] == 32 || line[end - 1] == 9 || line[end - 1] == 13) { end -= 1 }
    return start..<end
}
