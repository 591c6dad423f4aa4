import Engine
import Detection
import Foundation
import ProbeHoundCore
import Reporting
import Testing

/// Every output format produced from the sample captures: ECS field names against the published
/// schema, CSV by RFC 4180, the HTML report in a real browser, syslog into a real rsyslog.
@Suite struct OutputFormatTests {
    static let ecsFields: Set<String> = {
        let path = CaptureRun.capturesDirectory + "/../Tests/EndToEndTests/ECS/fields-8.12.txt"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty })
    }()

    /// Dotted names of every leaf of a JSON document (arrays are values, as ECS maps them).
    static func leafNames(_ value: Any, prefix: String = "") -> [String] {
        guard let object = value as? [String: Any] else { return [prefix] }
        return object.flatMap { key, child in leafNames(child, prefix: prefix.isEmpty ? key : prefix + "." + key) }
    }

    @Test(arguments: ["e_mixed.pcap", "nflog_e_mixed.pcap", "a_compromised_linux.pcap"])
    func ecsDocumentsUseOnlyECSFieldNames(_ capture: String) throws {
        #expect(Self.ecsFields.count > 200, "the ECS field list was not read")
        let run = CaptureRun(capture)
        #expect(!run.findings.isEmpty)
        for finding in run.findings {
            let line = ECSDocument.line(finding, inputNames: [capture], originUnit: "frame",
                                        observer: ObserverIdentity(hostname: "sensor-1", interface: "eth0"))
            let document = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            var ecs = document
            let ours = try #require(ecs.removeValue(forKey: "probehound") as? [String: Any])
            #expect(ours["endpoint"] as? String == finding.endpoint.description)
            for name in Self.leafNames(ecs) {
                #expect(Self.ecsFields.contains(name), "\(name) is not an ECS 8.12 field")
            }
            let event = try #require(document["event"] as? [String: Any])
            #expect(event["kind"] as? String == "alert")
            #expect(event["category"] as? [String] == ["network"])
            let threat = try #require(document["threat"] as? [String: Any])
            #expect(threat["framework"] as? String == "MITRE ATT&CK")
            let technique = try #require(threat["technique"] as? [String: Any])
            #expect(technique["id"] as? [String] == ["T1016"])
            #expect((technique["subtechnique"] as? [String: Any])?["id"] as? [String] == ["T1016.001"])
            #expect((document["source"] as? [String: Any])?["ip"] as? String == finding.endpoint.description)
            #expect((document["observer"] as? [String: Any])?["hostname"] as? String == "sensor-1")
        }
    }

    /// RFC 4180 reader: quoted fields may hold commas, quotes (doubled) and line breaks.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { field.unicodeScalars.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(field); field = ""
            } else if c == "\r" && characters.first == "\n" {
                characters.removeFirst(); row.append(field); rows.append(row); row = []; field = ""
            } else { field.unicodeScalars.append(c) }
        }
        return rows
    }

    @Test func csvHasOneRowPerProbeTargetAndQuotesByRFC4180() throws {
        let run = CaptureRun("e_mixed.pcap")
        let text = CSVReport.render(run.findings, inputNames: ["e_mixed.pcap"], originUnit: "frame")
        let rows = Self.parseCSV(text)
        #expect(rows.first == CSVReport.header)
        #expect(rows.dropFirst().allSatisfy { $0.count == CSVReport.header.count })
        let expectedRows = run.findings.reduce(0) { total, finding in
            total + (finding.echo?.targets.count ?? 0) + finding.traceroutes.count + finding.httpGets.count + finding.names.count + finding.followUps.count
        }
        #expect(rows.count == 1 + run.findings.count + expectedRows)
        let comp = rows.filter { $0[0] == "192.168.56.59" }
        #expect(comp.contains { $0[5] == "traceroute" && $0[6] == "203.0.113.91" && $0[8] == "tcp" && $0[9] == "tcptraceroute" })
        #expect(comp.contains { $0[5] == "follow_up" && $0[6] == "203.0.113.91" && $0[7] == "443" })
        // Reasons, once per finding on its `finding` row, span lines inside one quoted field and come back intact.
        #expect(comp.first?[5] == "finding")
        #expect(comp.first?[12] == run.finding(for: "192.168.56.59")?.reasons.joined(separator: "\n"))
        #expect(comp.dropFirst().allSatisfy { $0[11].isEmpty && $0[12].isEmpty }, "probe rows repeat no evidence or reasons")
        #expect(CSVReport.quoted("a \"b\", c") == "\"a \"\"b\"\", c\"")
        #expect(CSVReport.quoted("plain") == "plain")
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil, "needs Debian's chromium"), .timeLimit(.minutes(2)))
    func htmlReportRendersInAHeadlessBrowser() throws {
        let run = CaptureRun("e_mixed.pcap")
        let html = HTMLReport.render(run.findings, summary: run.summary, inputNames: ["Captures/e_mixed.pcap"], originUnit: "frame")
        #expect(!html.contains("http://") || !html.contains("src=\"http"), "the report fetches nothing")
        #expect(!html.contains("<link") && !html.contains("src="))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("probehound-html-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html"), dom = directory.appendingPathComponent("dom.html")
        let png = directory.appendingPathComponent("report.png"), log = directory.appendingPathComponent("chromium.log")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let flags = "--headless=new --no-sandbox --disable-gpu --hide-scrollbars --enable-logging=stderr --v=0"
        let browser = Self.chromium!
        #expect(system("'\(browser)' \(flags) --dump-dom 'file://\(page.path)' >'\(dom.path)' 2>'\(log.path)' </dev/null") == 0)
        #expect(system("'\(browser)' \(flags) --window-size=1100,2000 --screenshot='\(png.path)' 'file://\(page.path)' >/dev/null 2>>'\(log.path)' </dev/null") == 0)
        let rendered = try String(contentsOf: dom, encoding: .utf8)
        let traces = run.findings.reduce(0) { $0 + $1.traceroutes.count }
        // The page's one script ran to its end (so no script error stopped it) and counted the plots.
        #expect(rendered.contains("data-ready=\"1\""), "the script did not run")
        #expect(rendered.contains("data-plots=\"\(traces)\""))
        #expect(rendered.components(separatedBy: "<svg class=\"staircase\"").count - 1 == traces)
        #expect(rendered.components(separatedBy: "<svg class=\"timeline\"").count - 1 == run.findings.count)
        #expect(rendered.contains("192.0.2.18") && rendered.contains("(target)"))
        let consoleErrors = (try String(contentsOf: log, encoding: .utf8)).split(separator: "\n").filter { $0.contains("CONSOLE") && $0.contains("ERROR") }
        #expect(consoleErrors.isEmpty, "\(consoleErrors)")
        let image = try Data(contentsOf: png)
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]) && image.count > 10_000)
    }

    static var canRunRsyslog: Bool {
        ["/usr/sbin/rsyslogd", "/usr/bin/ss"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) || FileManager.default.isExecutableFile(atPath: $0.replacingOccurrences(of: "/usr/bin", with: "/bin")) }
    }

    @Test(.enabled(if: canRunRsyslog, "needs rsyslog and ss"), .timeLimit(.minutes(2)))
    func syslogFindingsReachARealRsyslog() {
        let run = ScriptRun("syslog-test")
        #expect(run.passed, "\(run.output)")
    }
}

/// The progress line: drawn on a terminal (`script` gives the run one), absent when stderr is a file.
@Suite struct ProgressLineTests {
    static var hasTools: Bool {
        ["/usr/bin/script", "/usr/bin/mergecap"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: hasTools, "needs script (bsdutils) and mergecap"), .timeLimit(.minutes(2)))
    func progressIsShownOnlyOnATerminal() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("probehound-progress-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // 60 copies of e_mixed: over 100,000 packets, so the hook runs (every 65,536).
        let big = directory.appendingPathComponent("big.pcap").path
        let copies = Array(repeating: "'\(CaptureRun.capturesDirectory)/e_mixed.pcap'", count: 60).joined(separator: " ")
        #expect(system("mergecap -a -F pcap -w '\(big)' \(copies)") == 0)
        let binary = ScriptRun.packageRoot.appendingPathComponent(".build/debug/probehound").path
        let onTerminal = directory.appendingPathComponent("terminal.txt").path
        let onFile = directory.appendingPathComponent("file.txt").path
        _ = system("script -qec \"'\(binary)' read '\(big)' --format ndjson --output /dev/null\" /dev/null >'\(onTerminal)' 2>&1 </dev/null")
        _ = system("'\(binary)' read '\(big)' --format ndjson --output /dev/null 2>'\(onFile)' </dev/null")
        let terminal = try String(contentsOfFile: onTerminal, encoding: .utf8)
        #expect(terminal.contains("packets/s") && terminal.contains("%") && terminal.contains("MiB"), "\(terminal.prefix(300))")
        #expect(try String(contentsOfFile: onFile, encoding: .utf8).isEmpty)
    }
}
