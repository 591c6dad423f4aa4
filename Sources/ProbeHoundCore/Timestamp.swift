/// A capture or log time with nanosecond resolution, independent of Foundation.
///
/// Times come from files and lines an attacker may have written, so every timestamp is held to the
/// years 1 to 9999 (and a fraction to 0..<10^9) when it is made: arithmetic on two of them, or on one
/// and a configured window, cannot overflow, and every time has an RFC 3339 form.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before).
    public let seconds: Int64
    /// The fraction, 0..<10^9.
    public let nanoseconds: Int32

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    public static let earliestSeconds: Int64 = -62_135_596_800
    /// The latest second a timestamp may hold.
    public static let latestSeconds: Int64 = 253_402_300_799

    @inlinable
    /// Held to the years 1-9999 and a fraction below a second, whatever a file says.
    public init(seconds: Int64, nanoseconds: Int32) {
        self.seconds = min(max(seconds, Timestamp.earliestSeconds), Timestamp.latestSeconds)
        self.nanoseconds = min(max(nanoseconds, 0), 999_999_999)
    }

    /// The epoch: the time of an observation not yet stamped.
    public static let zero = Timestamp(seconds: 0, nanoseconds: 0)

    /// Earlier first.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// Seconds from `other` to `self` (negative when `self` is earlier).
    public func interval(since other: Timestamp) -> Double {
        Double(seconds - other.seconds) + Double(nanoseconds - other.nanoseconds) / 1e9
    }

    /// `self` moved by `seconds` (a window or span of at most days), held to the same range.
    public func adding(seconds delta: Double) -> Timestamp {
        let bounded = delta.isFinite ? min(max(delta, -1e9), 1e9) : 0
        let total = Int64(nanoseconds) + Int64(bounded * 1e9)
        var moved = seconds &+ total / 1_000_000_000
        var nanos = total % 1_000_000_000
        if nanos < 0 { nanos += 1_000_000_000; moved &-= 1 }
        return Timestamp(seconds: moved, nanoseconds: Int32(nanos))
    }

    /// RFC 3339 UTC with microseconds, the form Zeek and Suricata JSON use.
    public var iso8601: String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Timestamp.civil(fromDays: days)
        let micros = Int(nanoseconds) / 1000
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(Int64(micros), 6))Z"
    }

    /// Howard Hinnant's days-from-civil inverse: proleptic Gregorian date of a day count since 1970-01-01.
    public static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Day count since 1970-01-01 of a proleptic Gregorian date; the inverse of `civil(fromDays:)`.
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension Timestamp {
    /// Reads what `iso8601` writes: `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (UTC only).
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z"), bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for i in range {
                guard bytes[i] >= 48 && bytes[i] <= 57 else { return nil }
                value = value * 10 + Int64(bytes[i] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var nanos: Int64 = 0
        if bytes.count > 20 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count - 21 <= 9, let fraction = number(20..<(bytes.count - 1)) else { return nil }
            nanos = fraction
            for _ in 0..<(9 - (bytes.count - 21)) { nanos *= 10 }
        }
        let days = Timestamp.days(year: year, month: month, day: day)
        self.init(seconds: days * 86_400 + hour * 3600 + minute * 60 + second, nanoseconds: Int32(nanos))
    }
}

extension Timestamp {
    /// A span as people say it in a sentence: `<1 s`, `42 s`, `7 min`. Spans come from two
    /// timestamps, which stay within years 1...9999, so the minutes always fit an `Int`.
    public static func shortDuration(_ seconds: Double) -> String {
        if !(seconds >= 1) { return "<1 s" }
        if seconds < 120 { return "\(Int(seconds + 0.5)) s" }
        return "\(Int(seconds / 60 + 0.5)) min"
    }

    /// `2026-11-23 05:00:31`: the ISO time to the second with a space, for tables and plots.
    public var readableSecond: String {
        String(iso8601.prefix(19).map { $0 == "T" ? " " : $0 })
    }
}

extension Timestamp {
    /// Whole seconds and a fraction in `unitsPerSecond` units (10^3 for milliseconds, 10^6 for
    /// microseconds) as read from a log field: a fraction of a second or more carries into the
    /// seconds, a negative one borrows, and nothing overflows whatever the numbers.
    public init(seconds: Int, fraction: Int, unitsPerSecond: Int) {
        let units = max(1, unitsPerSecond)
        let carried = fraction / units, rest = fraction % units
        let whole = seconds.addingReportingOverflow(carried)
        var total = whole.overflow ? (carried > 0 ? Int.max : Int.min) : whole.partialValue
        var nanos = Int64(rest) * 1_000_000_000 / Int64(units)
        if nanos < 0 { nanos += 1_000_000_000; total = total == Int.min ? total : total - 1 }
        self.init(seconds: Int64(total), nanoseconds: Int32(nanos))
    }

    /// A calendar date and time of day as a log writes it, minus `offsetSeconds` (the zone's offset
    /// east of UTC); nil when any part is out of its range (year 1...9999), so a crafted date cannot
    /// overflow the day arithmetic.
    public init?(year: Int64, month: Int64, day: Int64, secondOfDay: Int64, nanoseconds: Int32 = 0, offsetSeconds: Int64 = 0) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
              (0..<86_401).contains(secondOfDay), (-86_400...86_400).contains(offsetSeconds) else { return nil }
        self.init(seconds: Timestamp.days(year: year, month: month, day: day) * 86_400 + secondOfDay - offsetSeconds,
                  nanoseconds: nanoseconds)
    }
}
