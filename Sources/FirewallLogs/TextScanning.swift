import ProbeHoundCore

/// Numbers read in place, for the parsers (searching, comparing and addresses are Core's `Span` helpers).
extension Span where Element == UInt8 {
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

    /// A URL as a web log writes it, `scheme://host/path?query` or without its scheme (`host/path`,
    /// `host:443/`): the host (with any port) and the rest (empty when none). A `://` counts only
    /// before the first `/`, so one inside the query (`/go?to=http://...`) cannot pose as the host.
    func urlParts(_ range: Range<Int>) -> (host: Range<Int>, target: Range<Int>, scheme: Range<Int>?) {
        var hostStart = range.lowerBound
        var scheme: Range<Int>? = nil
        let firstSlash = firstIndex(of: 47, in: range) ?? range.upperBound
        if let marker = firstIndex(of: "://", in: range.lowerBound..<min(range.upperBound, firstSlash + 2)), marker < firstSlash {
            scheme = range.lowerBound..<marker
            hostStart = marker + 3
        }
        let pathStart = firstIndex(of: 47, in: hostStart..<range.upperBound) ?? range.upperBound
        return (hostStart..<pathStart, pathStart..<range.upperBound, scheme)
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
