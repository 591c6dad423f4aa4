/// auditd's text values, as `ProcessActivity` reads them: `"quoted"` as is, an unquoted value of
/// hex digits decoded (auditd hex-encodes a value holding spaces, quotes or control characters;
/// NULs between PROCTITLE's arguments read as spaces), `(null)` as nothing. A range of `aN=value`
/// pairs (an EXECVE record) reads as the arguments joined by spaces.
public enum AuditText {
    /// The text of `field` in `bytes`.
    public static func decode(_ field: ByteRange, in bytes: Span<UInt8>) -> String {
        let r = field.range
        guard r.lowerBound >= 0, r.upperBound <= bytes.count else { return "" }
        var out: [UInt8] = []
        var i = r.lowerBound
        while i < r.upperBound {
            while i < r.upperBound && bytes[i] == 32 { i += 1 }
            guard i < r.upperBound else { break }
            // auditd's values hold no spaces (those that would are hex): a space ends a token.
            var end = i
            while end < r.upperBound && bytes[end] != 32 { end += 1 }
            var value = i..<end
            i = end
            if bytes[value.lowerBound] != 34, let equals = bytes.firstIndex(of: 61, in: value) {
                // `a1=...` is an argument; `argc=`, `a1_len=` and other fields are not.
                guard isArgumentName(value.lowerBound..<equals, bytes) else { continue }
                value = equals + 1..<value.upperBound
            }
            let before = out.count
            if !out.isEmpty { out.append(32) }
            appendValue(value, bytes, &out)
            if out.count == before + 1 && before > 0 { out.removeLast() }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `a0`, `a12`, `a2[1]` (a long argument's pieces).
    private static func isArgumentName(_ name: Range<Int>, _ bytes: Span<UInt8>) -> Bool {
        guard name.count >= 2, bytes[name.lowerBound] == UInt8(ascii: "a") else { return false }
        for j in name.lowerBound + 1..<name.upperBound {
            let byte = bytes[j]
            guard byte >= 48 && byte <= 57 || byte == 91 || byte == 93 else { return false }
        }
        return true
    }

    private static func appendValue(_ value: Range<Int>, _ bytes: Span<UInt8>, _ out: inout [UInt8]) {
        guard !value.isEmpty else { return }
        if bytes[value.lowerBound] == 34 {
            let inner = value.lowerBound + 1..<(bytes[value.upperBound - 1] == 34 && value.count > 1 ? value.upperBound - 1 : value.upperBound)
            for j in inner { out.append(bytes[j]) }
            return
        }
        if bytes.equals("(null)", value) { return }
        let isHex = value.count % 2 == 0 && value.allSatisfy { Span<UInt8>.hexDigit(bytes[$0]) != nil }
        guard isHex else {
            for j in value { out.append(bytes[j]) }
            return
        }
        var j = value.lowerBound
        while j + 1 < value.upperBound {
            let byte = Span<UInt8>.hexDigit(bytes[j])! << 4 | Span<UInt8>.hexDigit(bytes[j + 1])!
            out.append(byte == 0 ? 32 : byte)
            j += 2
        }
    }
}
