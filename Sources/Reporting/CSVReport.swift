public import Detection
import ProbeHoundCore

/// `--format csv`: for spreadsheets and ticket imports, a `finding` row per finding (its kinds,
/// evidence and reasons) followed by one row per probe target, so the size grows with the evidence.
/// RFC 4180: CRLF line ends, every field that holds a comma, quote or line break quoted, quotes
/// doubled — decided scalar by scalar — and a cell that a spreadsheet would take for a formula
/// (`=`, `+`, `-`, `@`, TAB, CR first) starts with `'` as OWASP recommends. Controls other than the
/// line breaks between reasons are shown as `\x1b`.
public enum CSVReport {
    /// The columns, in order (the same for every run, so sheets can be appended).
    public static let header = ["endpoint", "severity", "score", "first_seen", "last_seen", "kind", "target", "port",
                                "method", "tool", "detail", "evidence", "reasons"]

    /// The whole CSV: each finding's row, then one row per probe target.
    public static func render(_ findings: [Finding], inputNames: [String], originUnit: String) -> String {
        var out = row(header)
        for finding in findings {
            let evidence = evidenceText(finding, inputNames: inputNames, originUnit: originUnit)
            let reasons = finding.reasons.joined(separator: "\n")
            let base = [finding.endpoint.description, finding.severity.rawValue, String(finding.score),
                        finding.firstSeen.iso8601, finding.lastSeen.iso8601]
            let detail = finding.kindNames.joined(separator: ",") + (finding.suppressedBy.map { "; held: \($0)" } ?? "")
                + (finding.tunnels.isEmpty ? "" : "; via " + finding.tunnels.map(\.description).joined(separator: "; "))
            out += row(base + ["finding", "", "", "", "", detail, evidence, reasons])
            for line in finding.evidenceLines {
                for probe in line.rows {
                    out += row(base + [line.kind, probe.target, probe.port, probe.method, probe.tool, probe.detail, "", ""])
                }
            }
        }
        return out
    }

    /// `file frames 3, 5, 9; other-file frames 1` (as many as the finding keeps).
    static func evidenceText(_ finding: Finding, inputNames: [String], originUnit: String) -> String {
        var byFile: [(String, [String])] = []
        for origin in finding.evidence {
            let file = FindingJSON.inputName(origin, inputNames)
            if byFile.last?.0 == file { byFile[byFile.count - 1].1.append(String(origin.index)) } else { byFile.append((file, [String(origin.index)])) }
        }
        return byFile.map { "\($0.0) \(originUnit)s \($0.1.joined(separator: ", "))" }.joined(separator: "; ")
    }

    static func row(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    /// One cell: controls shown visibly (a CSV file is also read with `cat` and `less`), neutralised
    /// if a spreadsheet would read it as a formula, then quoted when needed.
    public static func quoted(_ field: String) -> String {
        var scalars = TerminalText.escape(field, keepNewlines: true).unicodeScalars
        if let first = scalars.first, first == "=" || first == "+" || first == "-" || first == "@" || first == "\t" || first == "\r" {
            scalars.insert("'", at: scalars.startIndex)
        }
        guard scalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return String(scalars) }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in scalars {
            if scalar == "\"" { out.append("\"") }
            out.append(scalar)
        }
        out.append("\"")
        return String(out)
    }
}
