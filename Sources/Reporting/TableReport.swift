public import Detection
import ProbeHoundCore

/// The terminal report: one block per flagged endpoint, wrapped to fit 100 columns, then the counts.
/// Text from the wire or a log reaches it only through `TerminalText`: every line is escaped before it
/// is wrapped, and the whole report once more before it is returned.
public enum TableReport {
    /// Columns the table is wrapped to.
    public static let width = 100

    /// The terminal table: findings by score with their evidence lines and reasons, then the summary; terminal controls in outside text shown visibly.
    public static func render(_ findings: [Finding], suppressed: [Finding] = [], summary: RunSummary, inputNames: [String],
                              originUnit: String = "frame") -> String {
        var out: [String] = []
        if findings.isEmpty {
            out.append("No endpoint probed Internet reachability (T1016.001).")
        } else {
            let noun = findings.count == 1 ? "endpoint" : "endpoints"
            out.append("\(findings.count) \(noun) probed Internet reachability (MITRE ATT&CK T1016.001)")
            out.append("")
            out.append(pad("SCORE", 6) + pad("SEVERITY", 9) + pad("ENDPOINT", 28) + pad("FIRST SEEN (UTC)", 21) + "KINDS")
            for finding in findings {
                out.append(contentsOf: block(finding, inputNames: inputNames, originUnit: originUnit))
            }
        }
        if !suppressed.isEmpty {
            out.append("")
            out.append("Suppressed by the allowlist (not counted as findings):")
            for finding in suppressed {
                out.append(contentsOf: block(finding, inputNames: inputNames, originUnit: originUnit))
            }
        }
        out.append("")
        out.append(summaryLine(summary))
        if let warning = summary.coverageWarning { out += wrapPlain("Warning: " + warning + ".", indent: "") }
        if summary.analysedNothing { out.append("Warning: nothing in the input could be analysed; this report is not a clean result.") }
        if summary.noInternalAddresses {
            out += wrapPlain("Note: no address of the internal networks was seen; if this network uses public addresses, "
                             + "name them with --internal CIDR (or internal_networks) so that who probes whom is judged right.", indent: "")
        }
        if summary.processProbesWithoutAddress > 0 {
            let hosts = summary.hostsWithoutAddress.prefix(8).joined(separator: ", ") + (summary.hostsWithoutAddress.count > 8 ? ", ..." : "")
            out += wrapPlain("Warning: \(summary.processProbesWithoutAddress) host telemetry records of probes are on no finding: "
                             + "no address is known for \(hosts); name it with --host-address NAME=IP.", indent: "")
        }
        return TerminalText.escape(out.joined(separator: "\n") + "\n", keepNewlines: true)
    }

    static func block(_ finding: Finding, inputNames: [String], originUnit: String) -> [String] {
        var lines: [String] = []
        let seen = finding.firstSeen.readableSecond
        lines.append(pad(String(finding.score), 6) + pad(finding.severity.rawValue, 9) + pad(finding.endpoint.description, 28)
                     + pad(seen, 21) + finding.kindNames.joined(separator: ","))
        if let why = finding.suppressedBy { lines += wrap("held", why) }
        if !finding.tunnels.isEmpty { lines += wrap("via", finding.tunnels.map(\.description).joined(separator: "; ")) }
        for line in finding.evidenceLines { lines += wrap(line.label, line.summary) }
        for reason in finding.reasons { lines += wrap("why", reason) }
        lines += wrap("evidence", evidence(finding, inputNames: inputNames, originUnit: originUnit))
        return lines
    }

    static func evidence(_ finding: Finding, inputNames: [String], originUnit: String) -> String {
        var byFile: [(String, [Int64])] = []
        for origin in finding.evidence {
            let name = FindingJSON.inputName(origin, inputNames)
            if let index = byFile.firstIndex(where: { $0.0 == name }) { byFile[index].1.append(origin.index) }
            else { byFile.append((name, [origin.index])) }
        }
        var text = byFile.map { "\($0.0) \(originUnit)s \($0.1.map(String.init).joined(separator: ", "))" }.joined(separator: "; ")
        if finding.evidenceCount > finding.evidence.count { text += " (\(finding.evidenceCount) in all)" }
        return text
    }

    static func summaryLine(_ summary: RunSummary) -> String {
        wrapPlain(summaryText(summary), indent: "").joined(separator: "\n")
    }

    /// The counts of a run in one line: what the table ends with, and what live mode prints on SIGUSR1.
    public static func summaryText(_ summary: RunSummary) -> String {
        var text = "\(counted(summary.inputs, "input")), \(counted(summary.packets, summary.isLogRun ? "record" : "packet")), "
            + counted(summary.observations, "observation")
        let skipped = summary.skipped.listing()
        text += ", \(summary.skipped.total) skipped" + (skipped.isEmpty ? "" : " (\(skipped))")
        let tunnels = summary.encapsulated.listing
        if !tunnels.isEmpty { text += ", encapsulated: \(tunnels)" }
        if summary.filtered > 0 { text += ", \(summary.filtered) filtered out" }
        text += ", \(counted(summary.endpoints, "endpoint")) tracked, \(summary.findings) flagged"
        if summary.suppressed > 0 { text += ", \(summary.suppressed) suppressed" }
        if summary.evicted > 0 {
            text += ", \(summary.evicted) evicted (\(summary.evictedFromProbation) on probation, \(summary.evictedFromProtected) protected)"
        }
        if summary.notAdmitted > 0 { text += ", \(summary.notAdmitted) first sightings not admitted (table full)" }
        if summary.expired > 0 { text += ", \(summary.expired) expired" }
        if let received = summary.captureReceived {
            text += "; libpcap: \(received) received, \(summary.captureDropped ?? 0) dropped, \(summary.captureInterfaceDropped ?? 0) dropped by the interface"
            if summary.queueDropped > 0 { text += "; \(summary.queueDropped) passed on by capture workers but not judged (queue full)" }
        }
        return text
    }

    /// "1 packet", "2 packets".
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// A labelled detail line, continued under itself when longer than the table width.
    static func wrap(_ label: String, _ text: String) -> [String] {
        let indent = "      "
        let head = indent + pad(label, 10)
        return wrapPlain(text, indent: String(repeating: " ", count: head.count), first: head)
    }

    static func wrapPlain(_ raw: String, indent: String, first: String? = nil) -> [String] {
        let text = TerminalText.escape(raw)
        var lines: [String] = []
        var current = first ?? indent
        let prefixLength = current.count
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if current.count > prefixLength && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
            }
            if current.count > (lines.isEmpty ? prefixLength : indent.count) { current += " " }
            current += word
        }
        lines.append(current)
        return lines
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

