import ProbeHoundCore

/// Field ranges of one delimited line (CSV, TSV, space-separated), in a buffer reused across lines.
/// Double-quoted CSV fields keep their quotes out of the range; a doubled quote inside stays as written.
struct DelimitedFields {
    private(set) var ranges: [Range<Int>] = []

    init() { ranges.reserveCapacity(64) }

    var count: Int { ranges.count }

    subscript(index: Int) -> Range<Int>? {
        index >= 0 && index < ranges.count ? ranges[index] : nil
    }

    /// Splits `range` of `line` on `delimiter`; with `collapseSpaces`, spaces before a field are
    /// skipped (runs of spaces count as one separator, and `", "` between quoted CSV fields reads as `","`).
    mutating func split(_ line: Span<UInt8>, _ range: Range<Int>, on delimiter: UInt8, quoted: Bool = false,
                        collapseSpaces: Bool = false, limit: Int = 512) {
        ranges.removeAll(keepingCapacity: true)
        var i = range.lowerBound
        let end = range.upperBound > range.lowerBound && line[range.upperBound - 1] == 13 ? range.upperBound - 1 : range.upperBound
        if collapseSpaces { while i < end && line[i] == 32 { i += 1 } }
        while i <= end && ranges.count < limit {
            if quoted && i < end && line[i] == 34 {
                var j = i + 1
                while j < end {
                    if line[j] == 34 {
                        if j + 1 < end && line[j + 1] == 34 { j += 2; continue }
                        break
                    }
                    j += 1
                }
                ranges.append(i + 1..<min(j, end))
                i = j + 1
                while i < end && line[i] != delimiter { i += 1 }
                i += 1
                if collapseSpaces { while i < end && line[i] == 32 { i += 1 } }
                continue
            }
            var j = i
            while j < end && line[j] != delimiter { j += 1 }
            ranges.append(i..<j)
            i = j + 1
            if collapseSpaces { while i < end && line[i] == 32 { i += 1 } }
            if j == end { break }
        }
    }
}
