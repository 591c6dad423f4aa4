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

extension ByteRange {
    /// The text of a JSON string's inside with its escapes read (`\\`, `\"`, `\/`, `\n`, `\uXXXX`
    /// with surrogate pairs); a malformed escape is kept as written and a lone surrogate becomes
    /// U+FFFD, so any bytes give some text.
    public func unescapedJSONString(in bytes: Span<UInt8>) -> String {
        let r = range
        guard r.lowerBound >= 0, r.upperBound <= bytes.count else { return "" }
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var i = r.lowerBound
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= r.upperBound else { return nil }
            var value: UInt32 = 0
            for j in at..<at + 4 {
                guard let digit = Span<UInt8>.hexDigit(bytes[j]) else { return nil }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while i < r.upperBound {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < r.upperBound else {
                out.append(byte)
                i += 1
                continue
            }
            let escape = bytes[i + 1]
            switch escape {
            case UInt8(ascii: "n"): out.append(10); i += 2
            case UInt8(ascii: "r"): out.append(13); i += 2
            case UInt8(ascii: "t"): out.append(9); i += 2
            case UInt8(ascii: "b"): out.append(8); i += 2
            case UInt8(ascii: "f"): out.append(12); i += 2
            case UInt8(ascii: "u"):
                guard var scalar = hex4(i + 2) else { out.append(byte); i += 1; continue }
                i += 6
                if scalar >= 0xD800 && scalar < 0xDC00, i + 1 < r.upperBound, bytes[i] == UInt8(ascii: "\\"),
                   bytes[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2), low >= 0xDC00 && low < 0xE000 {
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                    i += 6
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: out.append(escape); i += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
