import Detection
import ProbeHoundCore
import Testing

/// The process kind: host telemetry records as the `windows-events` parser reports them, judged by
/// the detector (which command lines are probes, how a host's address is found).
@Suite struct ProcessEvidenceTests {
    /// A process-start record of `host` as a line of `key=value` text the ranges point into.
    static func started(_ image: String, _ commandLine: String, host: String = "WS1", at seconds: Double) -> (Observation, [UInt8]) {
        var text: [UInt8] = []
        func range(_ value: String) -> ByteRange {
            let start = text.count
            text += Array(value.utf8)
            return ByteRange(start: start, count: value.utf8.count)
        }
        var process = ProcessActivity(action: .started, encoding: .plain)
        process.image = range(image)
        process.commandLine = range(commandLine)
        process.host = range(host)
        var o = Observation()
        o.timestamp = Make.time(seconds)
        o.process = process
        return (o, text)
    }

    /// An outbound connection a process of `host` opened from `address`.
    static func connected(host: String, from address: String, at seconds: Double) -> (Observation, [UInt8]) {
        var process = ProcessActivity(action: .connected, encoding: .plain)
        process.host = ByteRange(start: 0, count: host.utf8.count)
        var o = Make.syn(address, "198.51.100.9", at: seconds, dport: 443)
        o.tcpFlags = nil
        o.process = process
        return (o, Array(host.utf8))
    }

    static func run(_ records: [(Observation, [UInt8])], config: DetectionConfig = DetectionConfig()) -> ProbeDetector {
        var detector = ProbeDetector(config: config)
        detector.recordsAreFlows = true
        for (observation, bytes) in records { detector.observe(observation, bytes: bytes.span) }
        return detector
    }

    @Test(arguments: [
        (#"C:\Windows\System32\PING.EXE"#, "ping  -n 4 8.8.8.8 ", "ping", "8.8.8.8"),
        ("/usr/bin/ping", "ping -c 4 -W 1 dns.google", "ping", "dns.google"),
        (#"C:\Windows\System32\TRACERT.EXE"#, "tracert -d -h 30 1.1.1.1", "traceroute", "1.1.1.1"),
        ("/usr/sbin/mtr", "mtr --report -c 3 9.9.9.9", "traceroute", "9.9.9.9"),
        (#"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#, "powershell -c \"Test-NetConnection -CommonTCPPort SMB -ComputerName 8.8.8.8\"", "connection_test", "8.8.8.8"),
        (#"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"#, "powershell.exe Invoke-WebRequest -Uri https://api.ipify.org -UseBasicParsing", "web_request", "https://api.ipify.org"),
        (#"C:\Windows\System32\curl.exe"#, "curl.exe  -k https://ipinfo.io/", "web_request", "https://ipinfo.io/"),
        ("/usr/bin/curl", "curl ifconfig.me", "web_request", "ifconfig.me"),
        ("/usr/bin/wget", "wget -qO- http://203.0.113.7/ip", "web_request", "http://203.0.113.7/ip"),
        (#"C:\Windows\System32\certutil.exe"#, "certutil  -urlcache -f http://checkip.amazonaws.com/ out.txt", "web_request", "http://checkip.amazonaws.com/"),
        (#"C:\Windows\System32\nslookup.exe"#, "nslookup myip.opendns.com. resolver1.opendns.com", "name_lookup", "myip.opendns.com."),
        ("/usr/bin/dig", "dig +short TXT o-o.myaddr.l.google.com @ns1.google.com", "name_lookup", "o-o.myaddr.l.google.com"),
    ])
    func probeCommandsAreRecognised(_ image: String, _ commandLine: String, _ purpose: String, _ target: String) throws {
        let detector = Self.run([Self.started(image, commandLine, at: 1), Self.connected(host: "ws1.corp.example", from: "10.0.0.5", at: 2)])
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.endpoint.description == "10.0.0.5" && finding.kinds == [.process])
        let probe = try #require(finding.sections.compactMap { section -> ProcessProbe? in
            guard case .processes(let probes) = section else { return nil }
            return probes.first
        }.first)
        #expect(probe.purpose.rawValue == purpose && probe.target == target.lowercased())
    }

    @Test(arguments: [
        (#"C:\Windows\System32\PING.EXE"#, "ping  -n 3 127.0.0.1 "),          // a script sleeping
        (#"C:\Windows\System32\PING.EXE"#, "ping -n 1 10.0.0.1"),              // the gateway
        ("/usr/bin/ping", "ping -c 1 printer.local"),
        (#"C:\Windows\System32\curl.exe"#, "curl.exe https://example.com/file.zip"),
        (#"C:\Windows\System32\bitsadmin.exe"#, "bitsadmin.exe  /transfer /Download https://raw.githubusercontent.com/x/y.md C:\\t.ps1"),
        (#"C:\Windows\System32\nslookup.exe"#, "nslookup www.example.org"),
        (#"C:\Windows\System32\notepad.exe"#, "notepad.exe 8.8.8.8.txt"),
    ])
    func ordinaryCommandsAreNotProbes(_ image: String, _ commandLine: String) {
        let detector = Self.run([Self.started(image, commandLine, at: 1), Self.connected(host: "WS1", from: "10.0.0.5", at: 2)])
        #expect(detector.findings().findings.isEmpty)
    }

    @Test func probesWaitForTheirHostsAddressAndUnplacedOnesAreCounted() throws {
        let records = [Self.started("PING.EXE", "ping 8.8.8.8", host: "WS1.corp.example", at: 1),
                       Self.started("PING.EXE", "ping 8.8.8.8", host: "WS2", at: 2),
                       Self.connected(host: "ws1", from: "10.0.0.5", at: 3)]
        let detector = Self.run(records)
        #expect(detector.findings().findings.map(\.endpoint.description) == ["10.0.0.5"])
        #expect(detector.processProbesWithoutAddress.count == 1 && detector.processProbesWithoutAddress.hosts == ["WS2"])
        // The same records in the other order, and an inventory for the second host.
        var config = DetectionConfig()
        config.hostAddresses = ["ws2.corp.example": IPAddress("10.0.0.6")!]
        let reordered = Self.run([records[2], records[0], records[1]], config: config)
        #expect(Set(reordered.findings().findings.map(\.endpoint.description)) == ["10.0.0.5", "10.0.0.6"])
        #expect(reordered.processProbesWithoutAddress.count == 0)
    }

    @Test func theInventoryOutranksWhatRecordsSayAndAFloodOfNamesKeepsNoHostOut() throws {
        var config = DetectionConfig()
        config.hostAddresses = ["ws1": IPAddress("10.0.0.5")!]
        let forged = Self.run([Self.connected(host: "WS1", from: "10.0.0.66", at: 1), Self.started("PING.EXE", "ping 8.8.8.8", at: 2)], config: config)
        #expect(forged.findings().findings.map(\.endpoint.description) == ["10.0.0.5"])
        let flood = (0..<70_000).map { Self.connected(host: "fake\($0)", from: "10.1.\($0 / 250 % 250).\($0 % 250 + 1)", at: 1) }
        let detector = Self.run(flood + [Self.connected(host: "WS2", from: "10.0.0.6", at: 2),
                                         Self.started("PING.EXE", "ping 8.8.8.8", host: "WS2", at: 3)])
        #expect(detector.findings().findings.map(\.endpoint.description) == ["10.0.0.6"])
    }

    @Test func aDualStackHostKeepsItsIPv4AddressAndLinkLocalIsNoAddress() throws {
        let detector = Self.run([Self.connected(host: "WS1", from: "169.254.3.4", at: 1), Self.connected(host: "WS1", from: "10.0.0.5", at: 2),
                                 Self.connected(host: "WS1", from: "fd00::5", at: 3), Self.started("PING.EXE", "ping 8.8.8.8", at: 4)])
        #expect(detector.findings().findings.map(\.endpoint.description) == ["10.0.0.5"])
    }

    @Test func allowlistsReachTheURLsHostAndTheProgram() {
        var config = DetectionConfig()
        config.allowlist.domains = ["ipinfo.io"]
        config.allowlist.tools = ["tracert"]
        let detector = Self.run([Self.started("curl.exe", "curl.exe -k https://IPinfo.io:443/json", at: 1),
                                 Self.started("TRACERT.EXE", "tracert 1.1.1.1", at: 2), Self.connected(host: "WS1", from: "10.0.0.5", at: 3)],
                                config: config)
        #expect(detector.findings().findings.isEmpty)
    }

    @Test func besideThePacketsTheTelemetryNamesTheProgram() throws {
        let pings = (0..<4).map { (Make.echo("10.0.0.5", "8.8.8.8", at: 10 + Double($0), seq: UInt16($0)), [UInt8]()) }
        let detector = Self.run(pings + [Self.started(#"C:\Windows\System32\PING.EXE"#, "ping -n 4 8.8.8.8", at: 9.5),
                                         Self.connected(host: "WS1", from: "10.0.0.5", at: 5)])
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.kinds == [.icmpEcho, .process])
        #expect(finding.evidenceLines.contains { $0.label == "proc" && $0.summary.hasPrefix("PING.EXE pinged 8.8.8.8 (command line: ping -n 4 8.8.8.8") })
        #expect(finding.score == ScoreRule.echo.points + ScoreRule.echoReachabilityTarget.points + ScoreRule.processProbeCommand.points)
    }
}
