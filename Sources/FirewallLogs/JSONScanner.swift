import ProbeHoundCore

/// A forgiving, allocation-free JSON reader for one-object-per-line logs: it visits every scalar
/// with its dotted key path (`id.orig_h`, `http.hostname`, `jsonPayload.connection.src_ip`) and the
/// value's byte range (strings without their quotes; escapes left as written).
enum JSONScanner {
    static let maximumDepth = 16

    /// Calls `visit(path, valueRange, isString)` for each scalar. Returns false on malformed input.
    @discardableResult
    static func walk(_ line: Span<UInt8>, _ visit: (borrowing PathBuffer, Range<Int>, Bool) -> Void) -> Bool {
        var path = PathBuffer()
        var i = skipSpace(line, 0)
        guard i < line.count, line[i] == 123 else { return false }
        return object(line, &i, &path, depth: 0, visit)
    }

    /// The string value of a top-level `key`, found by a plain search (fast path for single fields).
    static func stringValue(_ line: Span<UInt8>, key: String) -> Range<Int>? {
        var found: Range<Int>? = nil
        walk(line) { path, range, isString in
            if found == nil && isString && path.equals(key) { found = range }
        }
        return found
    }

    private static func skipSpace(_ line: Span<UInt8>, _ start: Int) -> Int {
        var i = start
        while i < line.count, line[i] == 32 || line[i] == 9 || line[i] == 13 || line[i] == 10 { i += 1 }
        return i
    }

    private static func object(_ line: Span<UInt8>, _ i: inout Int, _ path: inout PathBuffer, depth: Int,
                               _ visit: (borrowing PathBuffer, Range<Int>, Bool) -> Void) -> Bool {
        guard depth < maximumDepth else { return false }
        i += 1
        while true {
            i = skipSpace(line, i)
            guard i < line.count else { return false }
            if line[i] == 125 { i += 1; return true }
            if line[i] == 44 { i += 1; continue }
            guard line[i] == 34, let key = string(line, &i) else { return false }
            i = skipSpace(line, i)
            guard i < line.count, line[i] == 58 else { return false }
            i += 1
            let mark = path.count
            path.push(line, key)
            guard value(line, &i, &path, depth: depth, visit) else { return false }
            path.truncate(mark)
        }
    }

    private static func value(_ line: Span<UInt8>, _ i: inout Int, _ path: inout PathBuffer, depth: Int,
                              _ visit: (borrowing PathBuffer, Range<Int>, Bool) -> Void) -> Bool {
        i = skipSpace(line, i)
        guard i < line.count else { return false }
        switch line[i] {
        case 123:
            return object(line, &i, &path, depth: depth + 1, visit)
        case 91:
            guard depth + 1 < maximumDepth else { return false }
            i += 1
            while true {
                i = skipSpace(line, i)
                guard i < line.count else { return false }
                if line[i] == 93 { i += 1; return true }
                if line[i] == 44 { i += 1; continue }
                guard value(line, &i, &path, depth: depth + 1, visit) else { return false }
            }
        case 34:
            guard let range = string(line, &i) else { return false }
            visit(path, range, true)
            return true
        default:
            let start = i
            while i < line.count, line[i] != 44 && line[i] != 125 && line[i] != 93 && line[i] != 32 { i += 1 }
            guard i > start else { return false }
            visit(path, start..<i, false)
            return true
        }
    }

    /// Reads a string starting at its opening quote; returns the range inside the quotes.
    private static func string(_ line: Span<UInt8>, _ i: inout Int) -> Range<Int>? {
        let start = i + 1
        var j = start
        while j < line.count {
            if line[j] == 92 { j += 2; continue }
            if line[j] == 34 { i = j + 1; return start..<j }
            j += 1
        }
        return nil
    }
}

/// The dotted key path of the value being visited, in a reused byte buffer.
struct PathBuffer: ~Copyable {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(64) }

    var count: Int { bytes.count }

    mutating func push(_ line: Span<UInt8>, _ key: Range<Int>) {
        if !bytes.isEmpty { bytes.append(46) }
        for i in key { bytes.append(line[i]) }
    }

    mutating func truncate(_ length: Int) {
        bytes.removeSubrange(length...)
    }

    func hasSuffix(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count <= bytes.count else { return false }
        var i = bytes.count - utf8.count
        if i > 0 && bytes[i - 1] != 46 { return false }
        for byte in utf8 {
            if bytes[i] != byte { return false }
            i += 1
        }
        return true
    }

    /// The path holds `text` anywhere (a key or part of one).
    func contains(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count <= bytes.count else { return false }
        outer: for start in 0...(bytes.count - utf8.count) {
            for i in 0..<utf8.count where bytes[start + i] != utf8[i] { continue outer }
            return true
        }
        return false
    }

    func equals(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == bytes.count else { return false }
        var i = 0
        for byte in utf8 {
            if bytes[i] != byte { return false }
            i += 1
        }
        return true
    }
}
