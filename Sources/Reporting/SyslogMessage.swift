public import Detection
public import ProbeHoundCore

/// RFC 5424 syslog messages for `--syslog`: the finding's key facts as structured data (so a
/// collector can filter without parsing) and the whole finding as JSON in the message body.
public enum SyslogMessage {
    /// RFC 5612's documentation enterprise number, as RFC 5424 asks for private SD-IDs.
    public static let structuredDataID = "probehound@32473"
    /// local0: a site routes it where it wants.
    public static let facility = 16

    public static func format(_ finding: Finding, json: String, now: Timestamp, hostname: String, processID: Int32) -> String {
        let pri = facility * 8 + severity(finding.severity)
        let params: [(String, String)] = [
            ("technique", "T1016.001"), ("endpoint", finding.endpoint.description), ("score", String(finding.score)),
            ("severity", finding.severity.rawValue), ("kinds", finding.kinds.joined(separator: ",")),
            ("first_seen", finding.firstSeen.iso8601), ("last_seen", finding.lastSeen.iso8601),
        ]
        let data = "[" + structuredDataID + params.map { " \($0.0)=\"\(escape($0.1))\"" }.joined() + "]"
        return "<\(pri)>1 \(now.iso8601) \(field(hostname)) probehound \(processID) finding \(data) \(json)"
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
