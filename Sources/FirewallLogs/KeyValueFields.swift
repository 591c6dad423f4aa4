import ProbeHoundCore

/// `key=value` pairs of one line (FortiGate, CEF and LEEF extensions) in a reused buffer.
/// Values may be double-quoted (FortiGate) or run to the next ` key=` (CEF, where values hold spaces
/// and `\=` escapes an equals sign). A tab also separates pairs (LEEF 1.0).
struct KeyValueFields {
    private(set) var keys: [Range<Int>] = []
    private(set) var values: [Range<Int>] = []

    init() {
        keys.reserveCapacity(64)
        values.reserveCapacity(64)
    }

    mutating func split(_ line: Span<UInt8>, _ range: Range<Int>, valuesMayHoldSpaces: Bool) {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            while i < end && (line[i] == 32 || line[i] == 9) { i += 1 }
            let keyStart = i
            while i < end && line[i] != 61 && line[i] != 32 && line[i] != 9 { i += 1 }
            guard i < end, line[i] == 61, i > keyStart else {
                while i < end && line[i] != 32 && line[i] != 9 { i += 1 }
                continue
            }
            let key = keyStart..<i
            i += 1
            var valueStart = i, valueEnd = i
            if i < end && line[i] == 34 {
                valueStart = i + 1
                i += 1
                while i < end && line[i] != 34 { i += 1 }
                valueEnd = i
                i += 1
            } else if valuesMayHoldSpaces {
                // The value ends before the whitespace that precedes the next unescaped `key=`.
                while i < end {
                    if line[i] == 9 { break }
                    if line[i] == 32, KeyValueFields.startsKey(line, i + 1, end) { break }
                    i += 1
                }
                valueEnd = i
                while valueEnd > valueStart && line[valueEnd - 1] == 32 { valueEnd -= 1 }
            } else {
                while i < end && line[i] != 32 && line[i] != 9 { i += 1 }
                valueEnd = i
            }
            keys.append(key)
            values.append(valueStart..<valueEnd)
        }
    }

    /// The value of `key`, or nil (also for an empty value).
    func value(_ key: String, in line: Span<UInt8>) -> Range<Int>? {
        for (index, range) in keys.enumerated() where line.equals(key, range) {
            return values[index].isEmpty ? nil : values[index]
        }
        return nil
    }

    private static func startsKey(_ line: Span<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end {
            let byte = line[i]
            if byte == 61 { return i > start && line[i - 1] != 92 }
            let isKeyByte = (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || byte == 46 || byte == 45
            if !isKeyByte { return false }
            i += 1
        }
        return false
    }
}
