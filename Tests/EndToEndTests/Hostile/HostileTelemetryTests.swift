import Foundation
import ProbeHoundCore
import Reporting
import Testing

/// Host telemetry is attacker-written too: a command line, user or host name with terminal
/// controls, bidi overrides, a NUL, markup and a formula reaches every output encoded for it.
@Suite struct HostileTelemetryTests {
    static func records(_ directory: URL) throws -> String {
        let hostile = #"ping \u001b[2J\u202e -n 4 8.8.8.8 <script>alert(1)</script> \u0000after-nul"#
        let lines = [
            #"{"EventID":1,"SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS\u001b]0;pwn\u0007","UtcTime":"2026-01-01 10:00:00.000","Image":"C:\\Windows\\System32\\PING.EXE","CommandLine":"\#(hostile)","User":"=cmd|' /C calc'!A0","ParentImage":"\"><img src=x onerror=alert(2)>"}"#,
            #"{"EventID":3,"SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS\u001b]0;pwn\u0007","UtcTime":"2026-01-01 10:00:01.000","SourceIp":"10.0.0.5","SourcePort":"50000","DestinationIp":"198.51.100.9","DestinationPort":"443","Protocol":"tcp","Initiated":"true","Image":"C:\\x.exe"}"#,
        ]
        let path = directory.appendingPathComponent("sysmon.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everyOutputEncodesTheTelemetrysText() throws {
        let dir = try HostileInputTests.directory("hostile-telemetry")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.records(dir)
        let table = HostileInputTests.probehound(["logs", path, "--no-progress"], in: dir)
        #expect(table.status == 1, "\(table.stderr)")
        #expect(HostileInputTests.unsafeScalars(table.stdout).isEmpty && HostileInputTests.unsafeScalars(table.stderr).isEmpty)
        #expect(table.stdout.contains("PING.EXE pinged 8.8.8.8") && table.stdout.contains("after-nul"))
        let csv = HostileInputTests.probehound(["logs", path, "--format", "csv", "--no-progress"], in: dir)
        for row in OutputFormatTests.parseCSV(csv.stdout) {
            #expect(row.count == CSVReport.header.count)
            for cell in row { #expect(!["=", "+", "-", "@"].contains(cell.unicodeScalars.first.map(String.init) ?? ""), "formula cell \(cell)") }
        }
        let ndjson = HostileInputTests.probehound(["logs", path, "--format", "ndjson", "--no-progress"], in: dir)
        for line in ndjson.stdout.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)")
        }
        #expect(ndjson.stdout.contains(#""user":"=cmd|' \/C calc'!A0""#) || ndjson.stdout.contains(#""user":"=cmd|' /C calc'!A0""#))
        let html = HostileInputTests.probehound(["logs", path, "--format", "html", "--no-progress"], in: dir)
        #expect(!html.stdout.contains("<script>alert") && !html.stdout.contains("<img src=x") && html.stdout.contains("&lt;script&gt;"))
    }
}
