import ProbeHoundCore

/// Builds one JSON object as text, field by field, without Foundation. Keys keep insertion order
/// so output is stable and diffable.
public struct JSONWriter {
    public private(set) var text = "{"
    private var first = true

    /// An empty object.
    public init() {}

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        text += "\""
        text += name
        text += "\":"
    }

    /// A string field (escaped; C1 and bidi controls too), or null.
    public mutating func field(_ name: String, _ value: String?) {
        key(name)
        if let value { JSONWriter.appendQuoted(value, to: &text) } else { text += "null" }
    }

    /// An integer field, or null.
    public mutating func field(_ name: String, _ value: Int?) {
        key(name)
        text += value.map(String.init) ?? "null"
    }

    /// A number field, rounded to a fixed precision so output is stable.
    public mutating func field(_ name: String, _ value: Double) {
        key(name)
        text += JSONWriter.number(value)
    }

    /// A boolean field.
    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    /// Inserts already-encoded JSON (an object or array built elsewhere).
    public mutating func field(_ name: String, raw: String) {
        key(name)
        text += raw
    }

    /// An array of strings (each escaped), nulls where nil.
    public mutating func field(_ name: String, strings: [String?]) {
        key(name)
        text += JSONWriter.array(strings.map { $0.map(JSONWriter.quoted) ?? "null" })
    }

    /// The finished object.
    public var object: String { text + "}" }

    /// An array of already-encoded values.
    public static func array(_ encoded: [String]) -> String {
        "[" + encoded.joined(separator: ",") + "]"
    }

    /// A JSON string literal of `value`, escaped as `field` does.
    public static func quoted(_ value: String) -> String {
        var out = ""
        appendQuoted(value, to: &out)
        return out
    }

    static func appendQuoted(_ value: String, to out: inout String) {
        out += "\""
        // Nearly every value (addresses, names, times) is plain ASCII that needs no escape: copy it whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 >= 0x7F }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // Controls, and the bidi and format controls a terminal showing the line would act on.
            case _ where TerminalText.isUnsafe(scalar):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// Up to 3 decimals, no exponent, no trailing zeros; magnitudes beyond 10^12 are clamped there
    /// (no duration or rate the tool writes comes near), and NaN is written as 0.
    static func number(_ value: Double) -> String {
        let bounded = value.isNaN ? 0 : min(1e12, max(-1e12, value))
        let milli = Int((bounded * 1000).rounded())
        let sign = milli < 0 ? "-" : ""
        let whole = abs(milli) / 1000, fraction = abs(milli) % 1000
        if fraction == 0 { return sign + String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return sign + String(whole) + "." + digits
    }
}
