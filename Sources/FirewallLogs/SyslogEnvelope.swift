public import ProbeHoundCore

/// The syslog wrapping around a firewall message: optional `<PRI>`, an RFC 5424 version, and a
/// timestamp in RFC 3164 (`Oct 10 07:25:12`, also with a year as ASA writes it), or RFC 3339 form.
/// Year-less stamps take `defaultYear`; stamps without a zone are UTC unless an offset is given.
public struct SyslogEnvelope {
    /// The header's time, nil when the line has none the envelope recognises.
    public var timestamp: Timestamp?
    /// Where the text after the timestamp (host, tag, message) starts.
    public var bodyStart: Int

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Reads the envelope at the start of `line`; a line without one leaves `bodyStart` at its first byte.
    public init(parsing line: Span<UInt8>, defaultYear: Int) {
        var i = 0
        while i < line.count && line[i] == 32 { i += 1 }
        if i < line.count && line[i] == 60 {   // <PRI>
            if let close = line.firstIndex(of: 62, in: i..<min(line.count, i + 6)) { i = close + 1 }
            if i + 1 < line.count && line[i] == 49 && line[i + 1] == 32 { i += 2 }   // RFC 5424 version 1
        }
        if let (time, end) = SyslogEnvelope.rfc3339(line, at: i) {
            timestamp = time
            bodyStart = end
        } else if let (time, end) = SyslogEnvelope.bsd(line, at: i, defaultYear: defaultYear) {
            timestamp = time
            bodyStart = end
        } else {
            timestamp = nil
            bodyStart = i
        }
        while bodyStart < line.count && line[bodyStart] == 32 { bodyStart += 1 }
    }

    /// `Mmm dd hh:mm:ss` or `Mmm dd yyyy hh:mm:ss` (day may be space-padded).
    static func bsd(_ line: Span<UInt8>, at start: Int, defaultYear: Int) -> (Timestamp, Int)? {
        guard start + 15 <= line.count else { return nil }
        var month = -1
        for (index, name) in months.enumerated() where line.hasPrefix(name, at: start) { month = index + 1 }
        guard month > 0, line[start + 3] == 32 else { return nil }
        var i = start + 4
        if line[i] == 32 { i += 1 }
        var dayEnd = i
        while dayEnd < line.count && line[dayEnd] != 32 { dayEnd += 1 }
        guard let day = line.integer(i..<dayEnd), (1...31).contains(day) else { return nil }
        i = dayEnd + 1
        var year = defaultYear
        if i + 5 <= line.count, line[i + 4] == 32, let explicit = line.integer(i..<i + 4) {
            year = explicit
            i += 5
        }
        guard let (seconds, nanos, end) = clock(line, at: i) else { return nil }
        guard let time = Timestamp(year: Int64(year), month: Int64(month), day: Int64(day), secondOfDay: seconds, nanoseconds: nanos)
        else { return nil }
        return (time, end)
    }

    /// `YYYY-MM-DD[T ]hh:mm:ss[.frac][Z|±hh:mm|±hhmm]`.
    public static func rfc3339(_ line: Span<UInt8>, at start: Int) -> (Timestamp, Int)? {
        guard start + 19 <= line.count, line[start + 4] == 45, line[start + 7] == 45,
              line[start + 10] == 84 || line[start + 10] == 32,
              let year = line.integer(start..<start + 4), let month = line.integer(start + 5..<start + 7),
              let day = line.integer(start + 8..<start + 10), (1...12).contains(month), (1...31).contains(day),
              let (seconds, nanos, end) = clock(line, at: start + 11) else { return nil }
        var i = end
        var offset: Int64 = 0
        if i < line.count && line[i] == 90 {
            i += 1
        } else if i + 5 <= line.count && (line[i] == 43 || line[i] == 45) {
            let sign: Int64 = line[i] == 45 ? -1 : 1
            if let hours = line.integer(i + 1..<i + 3), hours < 24 {
                var minutesStart = i + 3
                if minutesStart < line.count && line[minutesStart] == 58 { minutesStart += 1 }
                // Both minute digits must be on the line: the envelope never ends past it.
                if minutesStart + 2 <= line.count, let minutes = line.integer(minutesStart..<minutesStart + 2), minutes < 60 {
                    offset = sign * Int64(hours * 3600 + minutes * 60)
                    i = minutesStart + 2
                }
            }
        }
        guard let time = Timestamp(year: Int64(year), month: Int64(month), day: Int64(day), secondOfDay: seconds, nanoseconds: nanos,
                                   offsetSeconds: offset) else { return nil }
        return (time, i)
    }

    /// `YYYY-MM-DD` filling `range` (a `date=` field) → year, month, day.
    static func date(_ line: Span<UInt8>, _ range: Range<Int>) -> (year: Int64, month: Int64, day: Int64)? {
        guard range.count == 10, line[range.lowerBound + 4] == 45, line[range.lowerBound + 7] == 45,
              let year = line.integer(range.lowerBound..<range.lowerBound + 4),
              let month = line.integer(range.lowerBound + 5..<range.lowerBound + 7),
              let day = line.integer(range.lowerBound + 8..<range.lowerBound + 10) else { return nil }
        return (Int64(year), Int64(month), Int64(day))
    }

    /// A `date=` and a `time=` field (the device's clock, read as UTC) as a time.
    static func dateAndTime(_ line: Span<UInt8>, date: Range<Int>, time: Range<Int>) -> Timestamp? {
        guard let day = SyslogEnvelope.date(line, date), let (seconds, nanos, _) = SyslogEnvelope.clock(line, at: time.lowerBound) else { return nil }
        return Timestamp(year: day.year, month: day.month, day: day.day, secondOfDay: seconds, nanoseconds: nanos)
    }

    /// `hh:mm:ss[.fraction]` → seconds of day, nanoseconds, end index.
    static func clock(_ line: Span<UInt8>, at start: Int) -> (Int64, Int32, Int)? {
        guard start + 8 <= line.count, line[start + 2] == 58, line[start + 5] == 58,
              let hour = line.integer(start..<start + 2), let minute = line.integer(start + 3..<start + 5),
              let second = line.integer(start + 6..<start + 8), hour < 24, minute < 60, second <= 60 else { return nil }
        var i = start + 8
        var nanos: Int32 = 0
        if i < line.count && (line[i] == 46 || line[i] == 44) {
            i += 1
            var scale: Int32 = 100_000_000
            while i < line.count, line[i] >= 48 && line[i] <= 57 {
                nanos += Int32(line[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        return (Int64(hour * 3600 + minute * 60 + second), nanos, i)
    }
}

extension Timestamp {
    /// Seconds since the epoch written as decimal text (`1547188415.857497`, Zeek and VPC logs).
    static func epoch(_ line: Span<UInt8>, _ range: Range<Int>) -> Timestamp? {
        let dot = line.firstIndex(of: 46, in: range) ?? range.upperBound
        guard let seconds = line.integer(range.lowerBound..<dot) else { return nil }
        var nanos: Int32 = 0
        var scale: Int32 = 100_000_000
        if dot < range.upperBound {
            for i in dot + 1..<range.upperBound {
                guard line[i] >= 48 && line[i] <= 57 else { return nil }
                nanos += Int32(line[i] - 48) * scale
                scale /= 10
            }
        }
        return Timestamp(seconds: Int64(seconds), nanoseconds: nanos)
    }
}
