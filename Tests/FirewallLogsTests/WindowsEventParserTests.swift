import FirewallLogs
import ProbeHoundCore
import Testing

/// Host telemetry as Windows event JSON lines (`windows-events`), on real records: the OTRF
/// datasets' flat NXLog shape (Sysmon 1, 3, 5, 22 and Security 4688, 5156), winlogbeat's nested
/// shape (Elastic's Sysmon test events) and evtx_dump's (Sigma's regression records, re-serialized
/// one per line). Fixtures/windows-events/PROVENANCE.md names each source.
@Suite struct WindowsEventParserTests {
    static func parse(_ file: String) throws -> [(LineVerdict, Observation, [UInt8])] {
        ParserTests.parse(.windowsEvents, try lines(file))
    }

    /// The fixture's lines (some upstream files end lines with CRLF, which Swift reads as one character).
    static func lines(_ file: String) throws -> [String] {
        try ParserTests.fixture("windows-events/" + file).flatMap { $0.split(whereSeparator: \.isNewline).map(String.init) }.filter { !$0.isEmpty }
    }

    static func text(_ o: Observation, _ bytes: [UInt8], _ field: KeyPath<ProcessActivity, ByteRange?>) -> String? {
        o.process.flatMap { $0.text($0[keyPath: field], in: bytes.span) }
    }

    @Test func sysmonProcessCreateFlat() throws {
        let results = try Self.parse("otrf-aptsimulator-ping-curl.sysmon.excerpt.jsonl")
        // Process creates (1) are read; process terminations (5) hold nothing to analyse.
        #expect(results.map(\.0) == (0..<5).flatMap { _ in [LineVerdict.observation, .skipped(.noTraffic)] })
        let (_, o, bytes) = results[0]
        #expect(o.process?.action == .started && o.process?.processID == 2164)
        #expect(Self.text(o, bytes, \.image) == #"C:\Windows\System32\PING.EXE"#)
        #expect(Self.text(o, bytes, \.commandLine) == "ping  -n 3 127.0.0.1 ")
        #expect(Self.text(o, bytes, \.user) == #"WORKSTATION5\APT-Simulator"#)
        #expect(Self.text(o, bytes, \.parentImage) == #"C:\Windows\System32\cmd.exe"#)
        #expect(Self.text(o, bytes, \.host) == "WORKSTATION5")
        // Sysmon's own UtcTime, not the collector's stamp 16 hours off.
        #expect(o.timestamp.iso8601 == "2021-06-12T01:07:15.633000Z")
    }

    @Test func securityProcessCreateReadsHexIDs() throws {
        let results = try Self.parse("otrf-aptsimulator-ping-curl.security.excerpt.jsonl")
        let (_, o, bytes) = results[0]
        #expect(o.process?.action == .started && o.process?.processID == 0x2300)
        #expect(Self.text(o, bytes, \.image) == #"C:\Windows\System32\PING.EXE"#)
        #expect(Self.text(o, bytes, \.user) == "APT-Simulator")
        #expect(results.map(\.0).filter { $0 == .skipped(.noTraffic) }.count == 1, "5158 (a bind) holds no connection")
    }

    @Test func connectionsAndQueries() throws {
        let results = try Self.parse("otrf-bitsadmin-dns-conn-chain.mixed.excerpt.jsonl")
        #expect(results.allSatisfy { $0.0 == .observation })
        let (_, query, queryBytes) = results[2]
        #expect(query.process?.action == .resolved && query.queryName?.string(in: queryBytes.span) == "raw.githubusercontent.com")
        for (_, o, _) in results[3...4] {
            #expect(o.process?.action == .connected && o.process?.processID == 4696)
            #expect(o.source.description == "192.168.2.5" && o.destination.description == "151.101.208.133")
            #expect(o.sourcePort == 61091 && o.destinationPort == 443 && o.ipProtocol == IPProtocolNumber.tcp)
        }
        #expect(Self.text(results[4].1, results[4].2, \.image) == #"\device\harddiskvolume2\windows\system32\svchost.exe"#)
    }

    @Test func winlogbeatAndEvtxDumpShapes() throws {
        let beat = try Self.parse("elastic-sysmon.winlogbeat.jsonl")
        #expect(beat.allSatisfy { $0.0 == .observation && $0.1.process?.action == .resolved })
        #expect(Self.text(beat[0].1, beat[0].2, \.host) == "vagrant-2016" && beat[0].1.timestamp.iso8601 == "2019-07-18T03:34:01.239000Z")
        #expect(Self.text(beat[0].1, beat[0].2, \.image) == #"C:\Program Files\Internet Explorer\iexplore.exe"#)
        let dump = try Self.parse("sigma-regression.evtx_dump.jsonl")
        #expect(dump.allSatisfy { $0.0 == .observation && $0.1.process?.action == .started })
        let curl = dump[2]
        #expect(Self.text(curl.1, curl.2, \.commandLine) == #"curl.exe  -H "User-Agent: EvilAgent" http://example.com"#)
        #expect(Self.text(curl.1, curl.2, \.host) == "swachchhanda" && curl.1.process?.processID == 6400,
                "the System block's own ProcessID (the event log service) is not the event's")
    }

    @Test func recognisedOnlyAsWindowsEvents() throws {
        for file in ["otrf-aptsimulator-ping-curl.sysmon.excerpt.jsonl", "elastic-sysmon.winlogbeat.jsonl", "sigma-regression.evtx_dump.jsonl"] {
            let lines = try Self.lines(file)
            #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.windowsEvents])
        }
    }

    @Test func brokenAndForeignRecordsAreCountedNotGuessed() {
        let results = ParserTests.parse(.windowsEvents, [
            #"{"EventID": 1, "Image": "C:\\x.exe""#,                                   // cut short
            #"{"Image": "C:\\x.exe", "CommandLine": "x"}"#,                           // no event id
            #"{"EventID": 4624, "Hostname": "h", "TimeCreated": "2020-01-01T00:00:00Z"}"#, // a logon: nothing to analyse
            #"{"EventID": 1, "SourceName": "Microsoft-Windows-Security-Auditing", "TimeCreated": "2020-01-01T00:00:00Z"}"#,
            #"{"EventID": 1, "Image": "C:\\x.exe"}"#,                                  // no time at all
        ])
        #expect(results.map(\.0) == [.skipped(.unparsed), .skipped(.unparsed), .skipped(.noTraffic), .skipped(.noTraffic), .skipped(.unparsed)])
    }

    @Test func escapesAreReadAndHostileTextStaysText() {
        let line = #"{"EventID":1,"UtcTime":"2024-01-01 00:00:00.000","Hostname":"h\u001b[2J","Image":"C:\\a\"b\ud83d\ude00.exe","CommandLine":"ping \u0000 8.8.8.8\ud800"}"#
        let (verdict, o, bytes) = ParserTests.parse(.windowsEvents, [line])[0]
        #expect(verdict == .observation)
        #expect(Self.text(o, bytes, \.host) == "h\u{1B}[2J")
        #expect(Self.text(o, bytes, \.image) == "C:\\a\"b😀.exe")
        #expect(Self.text(o, bytes, \.commandLine) == "ping \u{0} 8.8.8.8\u{FFFD}")
    }
}
