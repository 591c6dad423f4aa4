public import Detection
import ProbeHoundCore

/// `--format html`: one self-contained page for a person who would rather look than read — the
/// counts, the flagged endpoints by score, and per endpoint its probe timeline, a TTL staircase per
/// traceroute with the rebuilt path, the HTTP GETs, DNS names, follow-ups and evidence frames.
/// Inline CSS and SVG only; nothing is fetched. Every text from the wire or a log goes through
/// `HTMLText`; as a second wall, a Content-Security-Policy allows only the report's own style and
/// script (by SHA-256 hash), so markup that ever slipped past an encoder could not run.
public enum HTMLReport {
    /// The self-contained page: counts, findings by score with plots, suppressed findings; every outside text escaped, scripts and styles allowed by hash only.
    public static func render(_ findings: [Finding], suppressed: [Finding] = [], summary: RunSummary, inputNames: [String],
                              originUnit: String) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>ProbeHound report: Internet Connection Discovery (T1016.001)</title>
        <style>\(style)</style></head>
        <body data-ready="0">
        <h1>ProbeHound: Internet Connection Discovery (MITRE ATT&amp;CK T1016.001)</h1>

        """
        html += summarySection(findings, suppressed: suppressed, summary: summary, inputNames: inputNames)
        html += overview(findings)
        for finding in findings { html += endpointSection(finding, inputNames: inputNames, originUnit: originUnit) }
        if !suppressed.isEmpty {
            html += "<h2 id=\"suppressed\">Suppressed by the allowlist</h2>\n"
            for finding in suppressed { html += endpointSection(finding, inputNames: inputNames, originUnit: originUnit) }
        }
        html += """
        <footer>ProbeHound \(ECSDocument.productVersion)</footer>
        <script>\(script)</script>
        </body></html>

        """
        return html
    }

    /// The only script: it marks the page as rendered, so a headless browser test can tell it ran.
    static let script = #"document.body.dataset.plots = String(document.querySelectorAll("svg.staircase").length); document.body.dataset.ready = "1";"#
    /// base64 SHA-256 of `script` and `style`, as CSP hash sources; `HTMLReportTests` recomputes them.
    static let scriptHash = "LMiTyVW8NXFbEq4ZU8i1z6eOtNa7p4cldOLPQF9lRZE="
    static let styleHash = "QB9TVcHd7WkHWfjYOzUfUHtvMIfTLQGF9fp/gcRCLjY="
    static let contentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'sha256-\(styleHash)'; "
        + "script-src 'sha256-\(scriptHash)'; base-uri 'none'; form-action 'none'"

    static func summarySection(_ findings: [Finding], suppressed: [Finding], summary: RunSummary, inputNames: [String]) -> String {
        let unit = summary.isLogRun ? "records" : "packets"
        var rows: [(String, String)] = [
            ("inputs", inputNames.map(HTMLText.escape).joined(separator: "<br>")),
            (unit, String(summary.packets)),
            ("observations", String(summary.observations)),
            ("skipped", summary.skipped.total == 0 ? "0" : "\(summary.skipped.total) (" + summary.skipped.listing() + ")"),
            ("endpoints tracked", String(summary.endpoints)),
            ("flagged", String(findings.count)),
        ]
        for severity in [Finding.Severity.high, .medium, .low] {
            rows.append(("\(severity.rawValue)", String(findings.filter { $0.severity == severity }.count)))
        }
        if !suppressed.isEmpty { rows.append(("suppressed", String(suppressed.count))) }
        if summary.duplicates > 0 { rows.append(("duplicates dropped", String(summary.duplicates))) }
        if !summary.inputErrors.isEmpty { rows.append(("input errors", summary.inputErrors.map(HTMLText.escape).joined(separator: "<br>"))) }
        return "<section id=\"summary\"><h2>Summary</h2><table class=\"counts\">"
            + rows.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" }.joined() + "</table></section>\n"
    }

    static func overview(_ findings: [Finding]) -> String {
        guard !findings.isEmpty else { return "<p class=\"none\">No endpoint probed Internet reachability.</p>\n" }
        var html = "<section id=\"flagged\"><h2>Flagged endpoints</h2><table class=\"flagged\"><thead><tr><th>score</th><th>severity</th>"
            + "<th>endpoint</th><th>first seen (UTC)</th><th>kinds</th><th>tools</th></tr></thead><tbody>"
        for finding in findings {
            html += "<tr class=\"\(finding.severity.rawValue)\"><td>\(finding.score)</td><td>\(finding.severity.rawValue)</td>"
                + "<td><a href=\"#\(anchor(finding))\">\(finding.endpoint)</a></td><td>\(finding.firstSeen.readableSecond)</td>"
                + "<td>\(finding.kindNames.joined(separator: ", "))</td><td>\(HTMLText.escape(tools(finding).joined(separator: ", ")))</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    static func endpointSection(_ finding: Finding, inputNames: [String], originUnit: String) -> String {
        var html = "<section class=\"endpoint \(finding.severity.rawValue)\" id=\"\(anchor(finding))\">"
        html += "<h2>\(finding.endpoint) <span class=\"badge\">\(finding.score) \(finding.severity.rawValue)</span></h2>"
        if let why = finding.suppressedBy { html += "<p class=\"held\">Held back: \(HTMLText.escape(why))</p>" }
        html += "<p>\(finding.firstSeen.readableSecond) to \(finding.lastSeen.readableSecond) UTC; \(finding.kindNames.joined(separator: ", "))</p>"
        if !finding.tunnels.isEmpty {
            html += "<p class=\"via\">Seen inside: \(HTMLText.escape(finding.tunnels.map(\.description).joined(separator: "; ")))</p>"
        }
        html += "<h3>Why</h3><ul class=\"reasons\">" + finding.reasons.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>"
        html += "<h3>Timeline</h3>" + ReportPlots.timeline(finding)
        for section in finding.sections { html += kindSection(section) }
        if !finding.followUps.isEmpty {
            html += "<h3>What followed</h3><ul class=\"follow\">" + finding.followUps.map { follow in
                "<li>\(follow.time.readableSecond): \(follow.transport) to \(follow.destination.withPort(follow.destinationPort)) "
                    + "[\(follow.novelty.rawValue)], \(Timestamp.shortDuration(follow.secondsAfterProbe)) after a probe, \(follow.attempts) attempts</li>"
            }.joined() + "</ul>"
        }
        let frames = finding.evidence.map { "\(HTMLText.escape(FindingJSON.inputName($0, inputNames))) \(originUnit) \($0.index)" }
        html += "<h3>Evidence</h3><p class=\"evidence\">" + frames.joined(separator: ", ")
            + (finding.evidenceCount > frames.count ? " (\(finding.evidenceCount) in all)" : "") + "</p>"
        return html + "</section>\n"
    }

    /// One kind's part of an endpoint: pings, traceroutes (with their plots and paths), GETs and names
    /// drawn each its own way.
    static func kindSection(_ section: KindSection) -> String {
        var html = ""
        switch section {
        case .echo(let echo):
            html += "<h3>Ping</h3><p>\(echo.requests) echo requests, \(echo.replies) answered, to "
                + echo.targets.map(\.description).joined(separator: ", ") + " (\(HTMLText.escape(echo.tool)))</p>"
        case .traceroutes(let traces):
            for trace in traces {
                let target = trace.method == .unknown ? "an unknown target" : trace.target.description
                html += "<h3 class=\"trace\">\(trace.method.rawValue) traceroute to \(target) <span class=\"tool\">\(HTMLText.escape(trace.tool))</span></h3>"
                html += "<p>\(trace.probes) probes" + (trace.ttlRange.map { ", \($0)" } ?? "")
                    + (trace.destinationReached ? ", destination answered" : "") + "; basis: \(trace.basis.joined(separator: ", "))</p>"
                if let plot = ReportPlots.staircase(trace) { html += plot }
                if !trace.hops.isEmpty {
                    html += "<ol class=\"path\">" + trace.hops.map { hop in
                        hop.map { "<li>\($0)</li>" } ?? "<li class=\"silent\">* (no answer)</li>"
                    }.joined() + "</ol>"
                }
            }
        case .httpGets(let gets):
            html += "<h3>HTTP</h3><table class=\"http\"><tr><th>time (UTC)</th><th>request</th><th>to</th><th>User-Agent</th><th>tool</th><th>category</th></tr>"
            for get in gets {
                html += "<tr><td>\(get.time.readableSecond)</td><td>\(HTMLText.escape("\(get.method) http://\(get.host)\(get.path)"))"
                    + (get.viaProxy ? " (proxy)" : "") + "</td><td>\(get.destination.withPort(get.destinationPort))</td>"
                    + "<td>\(HTMLText.escape(get.userAgent ?? (get.headersRecorded ? "none" : "not logged")))</td><td>\(HTMLText.escape(get.tool))</td><td>\(get.category.rawValue)</td></tr>"
            }
            html += "</table>"
        case .names(let names):
            html += "<h3>DNS and TLS names</h3><ul>" + names.map { name in
                "<li>\(HTMLText.escape(name.name)) [\(name.category.rawValue)] via \(name.via.rawValue) to \(name.server)</li>"
            }.joined() + "</ul>"
        case .proxies:
            html += evidenceList("Proxy discovery", section.evidenceLines)
        case .processes:
            html += evidenceList("Processes (host telemetry)", section.evidenceLines)
        }
        return html
    }

    /// A kind drawn from its evidence lines alone: a heading and one item per line.
    static func evidenceList(_ heading: String, _ lines: [EvidenceLine]) -> String {
        "<h3>\(HTMLText.escape(heading))</h3><ul class=\"\(lines.first?.kind ?? "")\">"
            + lines.map { "<li>\(HTMLText.escape($0.summary))</li>" }.joined() + "</ul>"
    }

    static func anchor(_ finding: Finding) -> String {
        "endpoint-" + String(finding.endpoint.description.map { $0 == ":" || $0 == "." ? "-" : $0 })
    }

    static func tools(_ finding: Finding) -> [String] {
        var out: [String] = []
        let all = finding.sections.flatMap(\.tools)
        for tool in all where tool != "unknown" && !out.contains(tool) { out.append(tool) }
        return out
    }

    static let style = """
    body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#1d2433;padding:0 16px}
    h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #d8dde6;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
    table{border-collapse:collapse}th,td{padding:3px 10px;text-align:left;border-bottom:1px solid #e6e9ef;vertical-align:top}
    tr.high td:first-child,.endpoint.high .badge{background:#c62828;color:#fff}tr.medium td:first-child,.endpoint.medium .badge{background:#ef8f00;color:#fff}
    tr.low td:first-child,.endpoint.low .badge{background:#7a8699;color:#fff}.badge{font-size:13px;padding:1px 8px;border-radius:10px;margin-left:8px}
    .tool{font-weight:normal;color:#4a5568;font-size:13px}.held{color:#8a5a00}.evidence{color:#4a5568;font-size:12px}
    svg{display:block;margin:6px 0;overflow:visible}.grid{stroke:#e6e9ef}.axis{font-size:11px;fill:#4a5568}.hop{font-size:12px;fill:#1d2433}
    .hop.silent{fill:#a0a8b8}.steps{fill:none;stroke:#90a4c8;stroke-width:1.5}.probe{fill:#a0a8b8}.probe.answered{fill:#1f5fbf}
    .event{fill:#1f5fbf}.event.follow{fill:#c62828}ol.path li.silent{color:#a0a8b8}footer{margin-top:40px;color:#a0a8b8;font-size:12px}
    """
}
