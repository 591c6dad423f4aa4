public import Detection
public import ProbeHoundCore

/// RFC 5424 syslog messages for `--syslog`: the finding's key facts as structured data (so a
/// collector can filter without parsing) and the whole finding as JSON in the message body.
///
/// Every message fits `maximumSize` octets (RFC 5424 §6.1: a sender SHOULD keep to 2048 unless it
/// knows the receiver takes more). A finding whose JSON does not fit is sent as a compact headline
/// (endpoint, score, severity, kinds, counts, first and last seen, the first reasons cut short and
/// marked), never split: a receiver that cut a long frame could otherwise read the attacker's text
/// after the cut as a record of its own.
public enum SyslogMessage {
    /// The message size `--syslog-max-size` defaults to (RFC 5424 receivers must take 480, should take 2048).
    public static let defaultMaximumSize = 2048
    /// RFC 5424 §6.1: every receiver must take 480 octets; no smaller limit is accepted.
    public static let minimumMaximumSize = 480
    /// RFC 5612's documentation enterprise number, as RFC 5424 asks for private SD-IDs.
    public static let structuredDataID = "probehound@32473"
    /// local0: a site routes it where it wants.
    public static let facility = 16

    /// One RFC 5424 message for a finding that fits `maximumSize` whole: the full JSON when it fits, else a compact headline marked truncated; never split, never with a raw control.
    public static func format(_ finding: Finding, json: String, now: Timestamp, hostname: String, processID: Int32,
                              inputNames: [String], maximumSize: Int = defaultMaximumSize) -> String {
        let pri = facility * 8 + severity(finding.severity)
        let params: [(String, String)] = [
            ("id", FindingIdentity.id(finding, inputNames: inputNames)), ("technique", "T1016.001"), ("endpoint", finding.endpoint.description), ("score", String(finding.score)),
            ("severity", finding.severity.rawValue), ("kinds", finding.kindNames.joined(separator: ",")),
            ("first_seen", finding.firstSeen.iso8601), ("last_seen", finding.lastSeen.iso8601),
        ]
        let data = "[" + structuredDataID + params.map { " \($0.0)=\"\(escape($0.1))\"" }.joined() + "]"
        func head(_ host: String) -> String { "<\(pri)>1 \(now.iso8601) \(host) probehound \(processID) finding \(data) " }
        var start = head(field(hostname))
        // A host name of up to 255 octets can leave no room under a small maximum: it then gives way
        // to the nil value, so the message still fits.
        if maximumSize - start.utf8.count < smallestBody.utf8.count { start = head("-") }
        let room = maximumSize - start.utf8.count
        if json.utf8.count <= room { return start + json }
        return start + headline(finding, room: room, inputNames: inputNames)
    }

    /// The body when not even the headline fits.
    static let smallestBody = "{\"type\":\"finding\",\"truncated\":true}"

    /// The finding in at most `room` octets of JSON: counts instead of lists, reasons cut to fit.
    static func headline(_ finding: Finding, room: Int, inputNames: [String]) -> String {
        func build(reasonLength: Int, reasons: Int) -> String {
            var json = JSONWriter()
            json.field("type", "finding")
            json.field("truncated", true)
            json.field("id", FindingIdentity.id(finding, inputNames: inputNames))
            json.field("endpoint", finding.endpoint.description)
            json.field("score", finding.score)
            json.field("severity", finding.severity.rawValue)
            json.field("kinds", strings: finding.kindNames)
            json.field("first_seen", finding.firstSeen.iso8601)
            json.field("last_seen", finding.lastSeen.iso8601)
            var counts = JSONWriter()
            for section in finding.sections { counts.field(section.kind.rawValue, section.count) }
            counts.field("follow_up", finding.followUps.count)
            json.field("counts", raw: counts.object)
            json.field("evidence_count", finding.evidenceCount)
            json.field("reasons", strings: finding.reasons.prefix(reasons).map { cut($0, to: reasonLength) })
            return json.object
        }
        for (length, count) in [(160, 8), (80, 4), (40, 2), (0, 0)] {
            let text = build(reasonLength: length, reasons: count)
            if text.utf8.count <= room { return text }
        }
        return smallestBody
    }

    /// At most `limit` scalars of `text`, with `…` where it was cut.
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        var scalars = String.UnicodeScalarView(text.unicodeScalars.prefix(max(0, limit - 1)))
        scalars.append("…")
        return String(scalars)
    }

    /// warning, notice, informational: findings are leads to triage, not outages.
    static func severity(_ severity: Finding.Severity) -> Int {
        switch severity {
        case .high: 4
        case .medium: 5
        case .low: 6
        }
    }

    /// RFC 5424 §6.3.3: `"`, `\` and `]` are escaped inside parameter values.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            if character == "\"" || character == "\\" || character == "]" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Header fields are printable US-ASCII without spaces, or "-" when empty.
    static func field(_ value: String) -> String {
        let cleaned = String(value.unicodeScalars.filter { $0.value > 32 && $0.value < 127 }.prefix(255).map(Character.init))
        return cleaned.isEmpty ? "-" : cleaned
    }
}
