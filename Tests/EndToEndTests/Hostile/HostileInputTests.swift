import Detection
import Foundation
import ProbeHoundCore
import Reporting
import Testing

/// Text an attacker put on the wire or in a log reaches every output encoded for it: nothing a
/// terminal acts on reaches the table, the HTML report runs no injected script, CSV rows keep their
/// width and hold no formula, JSON lines parse, syslog messages fit, and a NUL cuts nothing.
@Suite struct HostileInputTests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let binary = ScriptRun.packageRoot.appendingPathComponent(".build/debug/probehound").path

    static func directory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("probehound-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs probehound with `arguments` (shell-quoted here), standard output and error to files.
    static func probehound(_ arguments: [String], in directory: URL) -> Run {
        let out = directory.appendingPathComponent("stdout").path, err = directory.appendingPathComponent("stderr").path
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system("'\(binary)' \(quoted) >'\(out)' 2>'\(err)' </dev/null")
        let read = { (path: String) in String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data(), as: UTF8.self) }
        return Run(status: status == -1 ? -1 : (status >> 8) & 0xFF, stdout: read(out), stderr: read(err))
    }

    static func unsafeScalars(_ text: String, allowNewline: Bool = true) -> [UInt32] {
        text.unicodeScalars.filter { TerminalText.isUnsafe($0) && !(allowNewline && $0 == "\n") }.map(\.value)
    }

    static func hostileCapture(_ directory: URL) throws -> String {
        let path = directory.appendingPathComponent("hostile.pcap").path
        try HostileCapture.standard().write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func tableShowsControlsVisiblyAndNULCutsNothing() throws {
        let dir = try Self.directory("hostile-table")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = Self.probehound(["read", try Self.hostileCapture(dir)], in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(Self.unsafeScalars(run.stdout).isEmpty, "\(Self.unsafeScalars(run.stdout))")
        #expect(Self.unsafeScalars(run.stderr).isEmpty)
        #expect(run.stdout.contains("192.168.77.10"))
        #expect(run.stdout.contains("\\x1b[2j") && run.stdout.contains("\\u202e") && run.stdout.contains("\\x0d"))
        #expect(run.stdout.contains("after-nul"), "a NUL cut the table")
        #expect(run.stdout.contains("observations"), "the summary line is missing")
    }

    @Test func jsonLinesParseAndCarryNoRawControls() throws {
        let dir = try Self.directory("hostile-json")
        defer { try? FileManager.default.removeItem(at: dir) }
        let capture = try Self.hostileCapture(dir)
        for format in ["ndjson", "ecs"] {
            let run = Self.probehound(["read", capture, "--format", format], in: dir)
            #expect(run.status == 1)
            let lines = run.stdout.split(separator: "\n")
            #expect(!lines.isEmpty)
            for line in lines {
                #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line.prefix(200))")
            }
            #expect(Self.unsafeScalars(run.stdout).isEmpty)
            #expect(run.stdout.contains("after-nul"))
        }
        let observations = Self.probehound(["read", capture, "--emit", "observations"], in: dir)
        for line in observations.stdout.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
        }
    }

    @Test func csvRowsKeepTheirWidthAndHoldNoFormula() throws {
        let dir = try Self.directory("hostile-csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = Self.probehound(["read", try Self.hostileCapture(dir), "--format", "csv"], in: dir)
        #expect(run.status == 1)
        let rows = OutputFormatTests.parseCSV(run.stdout)
        #expect(rows.first == CSVReport.header)
        #expect(rows.count > 5)
        for row in rows {
            #expect(row.count == CSVReport.header.count, "\(row)")
            for cell in row {
                #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.unicodeScalars.first.map(String.init) ?? ""), "formula cell \(cell)")
            }
        }
        #expect(run.stdout.contains("after-nul"))
        #expect(rows.contains { $0.contains { $0.hasPrefix("'=cmd") } }, "the formula-shaped DNS name is neutralised, not dropped")
    }

    @Test(.enabled(if: OutputFormatTests.chromium != nil, "needs Debian's chromium"), .timeLimit(.minutes(2)))
    func htmlReportRunsNoInjectedScript() throws {
        let dir = try Self.directory("hostile-html")
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html").path
        let run = Self.probehound(["read", try Self.hostileCapture(dir), "--format", "html", "--output", page], in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("Content-Security-Policy"))
        #expect(!html.contains("<img") && !html.contains("<script>document.body.dataset.pwned"))
        #expect(html.contains("after-nul"))
        let dom = dir.appendingPathComponent("dom.html").path
        let flags = "--headless=new --no-sandbox --disable-gpu --enable-logging=stderr --v=0"
        #expect(system("'\(OutputFormatTests.chromium!)' \(flags) --dump-dom 'file://\(page)' >'\(dom)' 2>/dev/null </dev/null") == 0)
        let rendered = try String(contentsOfFile: dom, encoding: .utf8)
        #expect(rendered.contains("data-ready=\"1\""), "the report's own script must still run under its CSP")
        #expect(!rendered.contains("data-pwned"), "an injected script ran")
        #expect(!rendered.contains("<img"))
    }

    /// The CSP names the report's script and style by hash: recomputed here from the page itself.
    @Test func contentSecurityPolicyHashesMatchThePage() throws {
        let html = HTMLReport.render([], summary: RunSummary(), inputNames: ["x"], originUnit: "frame")
        func between(_ open: String, _ close: String) throws -> String {
            let start = try #require(html.range(of: open)), end = try #require(html.range(of: close, range: start.upperBound..<html.endIndex))
            return String(html[start.upperBound..<end.lowerBound])
        }
        for (body, kind) in [(try between("<script>", "</script>"), "script"), (try between("<style>", "</style>"), "style")] {
            let dir = try Self.directory("csp-\(kind)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("body")
            try Data(body.utf8).write(to: file)
            let out = dir.appendingPathComponent("hash")
            #expect(system("python3 -c 'import hashlib,base64,sys; print(base64.b64encode(hashlib.sha256(open(sys.argv[1],\"rb\").read()).digest()).decode())' '\(file.path)' >'\(out.path)'") == 0)
            let hash = try String(contentsOf: out, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(html.contains("\(kind)-src 'sha256-\(hash)'"), "\(kind) hash \(hash)")
        }
    }

    @Test func syslogMessagesFitTheMaximumAndAreNeverSplit() throws {
        let dir = try Self.directory("hostile-syslog")
        defer { try? FileManager.default.removeItem(at: dir) }
        let capture = try Self.hostileCapture(dir)
        // A UDP listener on loopback: the messages as sent, one datagram each.
        let received = dir.appendingPathComponent("received.txt").path
        let port = 20_000 + Int(getpid() % 20_000)
        let listener = """
        import socket,sys
        s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(("127.0.0.1",\(port))); s.settimeout(5)
        out=open(sys.argv[1],"w")
        try:
            while True:
                d,_=s.recvfrom(65535); out.write(str(len(d))+" "+d.decode("utf-8","replace").replace("\\n","\\\\n")+"\\n"); out.flush()
        except socket.timeout: pass
        """
        try listener.write(toFile: dir.appendingPathComponent("listen.py").path, atomically: true, encoding: .utf8)
        #expect(system("python3 '\(dir.path)/listen.py' '\(received)' & sleep 0.5; '\(Self.binary)' read '\(capture)' --format ndjson --syslog udp://127.0.0.1:\(port) --syslog-max-size 1024 >/dev/null 2>&1; wait") == 0)
        let messages = try String(contentsOfFile: received, encoding: .utf8).split(separator: "\n")
        #expect(messages.count == 1, "one message per finding")
        for message in messages {
            let size = Int(message.prefix { $0 != " " }) ?? .max
            #expect(size <= 1024, "\(size) octets")
            #expect(message.contains("\"truncated\":true"))
            let body = try #require(message.range(of: "] {"))
            #expect((try? JSONSerialization.jsonObject(with: Data(message[message.index(after: body.lowerBound)...].utf8))) != nil)
        }
    }

    @Test func syslogMessagesFitTheSmallestMaximumWhateverTheHostName() throws {
        let findings = CaptureRun("a_compromised_linux.pcap").findings
        #expect(!findings.isEmpty)
        for hostname in [String(repeating: "h", count: 300), "sensor-1"] {
            for finding in findings {
                let message = SyslogMessage.format(finding, json: String(repeating: "x", count: 4000), now: finding.lastSeen, hostname: hostname,
                                                   processID: Int32.max, inputNames: ["a_compromised_linux.pcap"],
                                                   maximumSize: SyslogMessage.minimumMaximumSize)
                #expect(message.utf8.count <= SyslogMessage.minimumMaximumSize, "\(message.utf8.count) octets")
                #expect(message.hasSuffix("}"))
                #expect(message.contains(" \(hostname) ") == (hostname.count < 100))
            }
        }
    }

    @Test(arguments: [
        // Suricata EVE http and dns, Zeek http (JSON), FortiGate webfilter: the formats that carry HTTP/DNS text.
        #"{"timestamp":"2026-01-01T00:00:01.000000+0000","event_type":"http","src_ip":"192.168.77.10","src_port":40000,"dest_ip":"203.0.113.80","dest_port":80,"proto":"TCP","http":{"hostname":"ifconfig.me","url":"/ip<img src=x onerror=alert(1)>","http_user_agent":"PAYLOAD","http_method":"GET"}}"#,
        #"{"timestamp":"2026-01-01T00:00:02.000000+0000","event_type":"dns","src_ip":"192.168.77.10","src_port":5353,"dest_ip":"192.168.77.1","dest_port":53,"proto":"UDP","dns":{"type":"query","id":1,"rrname":"PAYLOAD.api.ipify.org","rrtype":"A"}}"#,
        #"{"ts":1767225603.0,"uid":"C1","id.orig_h":"192.168.77.10","id.orig_p":40001,"id.resp_h":"203.0.113.80","id.resp_p":80,"method":"GET","host":"ifconfig.me","uri":"/ip","user_agent":"PAYLOAD"}"#,
        #"date=2026-01-01 time=00:00:04 devname="fw" logid="0316013056" type="utm" subtype="webfilter" srcip=192.168.77.10 srcport=40002 dstip=203.0.113.80 dstport=80 proto=6 action="passthrough" hostname="ifconfig.me" url="/ip" agent="PAYLOAD""#,
        // Squid's access.log (the URL is the text) and Umbrella's DNS CSV (the domain is).
        #"1767225605.120    104 192.168.77.10 TCP_MISS/200 412 GET http://api.ipify.org/PAYLOAD - HIER_DIRECT/203.0.113.10 text/plain"#,
        #""2026-01-01 00:00:06","host","host","192.168.77.10","198.51.100.7","Allowed","16 (TXT)","NOERROR","PAYLOAD.api.ipify.org.","x","y","z","""#,
    ])
    func logTextIsEncodedInEveryFormat(_ template: String) throws {
        let dir = try Self.directory("hostile-log-\(template.utf8.reduce(0) { $0 &* 31 &+ Int($1) } & 0xFFFFFF)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("hostile.log").path
        // Raw control bytes (not JSON escapes): a log writer that does not escape passes them on.
        let payload = "\u{1B}[2J\u{1B}]0;owned\u{07}\u{202E}<script>document.body.dataset.pwned=1</script>\"=1+1"
        // Inside a JSON string the quote is escaped (else the line is not JSON and is rightly skipped).
        // In a quoted CSV field (Umbrella) it is doubled.
        let escaped = template.hasPrefix("{") ? payload.replacingOccurrences(of: "\"", with: "\\\"")
            : template.hasPrefix("\"") ? payload.replacingOccurrences(of: "\"", with: "\"\"") : payload
        let line = template.replacingOccurrences(of: "PAYLOAD", with: escaped)
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: log))
        for format in ["table", "ndjson", "ecs", "csv"] {
            let run = Self.probehound(["logs", log, "--format", format], in: dir)
            #expect(run.status == 1, "\(format): \(run.stderr)")
            #expect(Self.unsafeScalars(run.stdout, allowNewline: true).filter { $0 != 0x0D }.isEmpty, "\(format) \(Self.unsafeScalars(run.stdout))")
            #expect(Self.unsafeScalars(run.stderr).isEmpty)
            if format == "csv" {
                for row in OutputFormatTests.parseCSV(run.stdout) { #expect(row.count == CSVReport.header.count) }
            }
        }
        let page = dir.appendingPathComponent("r.html").path
        _ = Self.probehound(["logs", log, "--format", "html", "--output", page], in: dir)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("<script>document.body.dataset.pwned"))
    }
}
