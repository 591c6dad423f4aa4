import FirewallLogs
import ProbeHoundCore
import Testing

/// osquery's results log: process_events rows as process starts, socket_events connects with a
/// local address as connections; the other documented shapes are understood and hold nothing.
@Suite struct OsqueryParserTests {
    @Test func upstreamSamples() throws {
        let lines = try ParserTests.fixture("osquery/upstream-samples.jsonl").filter { !$0.isEmpty }
        let results = ParserTests.parse(.osquery, lines)
        // event, snapshot, batch, process_events (curl google.com), socket_events (no local address), two pack rows.
        #expect(results.map(\.0) == [.skipped(.noTraffic), .skipped(.noTraffic), .skipped(.noTraffic), .observation,
                                     .skipped(.noTraffic), .skipped(.noTraffic), .skipped(.noTraffic)])
        let (_, o, bytes) = results[3]
        #expect(o.process?.action == .started && o.process?.processID == 30219 && o.timestamp.iso8601 == "2018-06-01T23:25:41.000000Z")
        #expect(o.process?.text(o.process?.commandLine, in: bytes.span) == "curl google.com")
        #expect(o.process?.text(o.process?.host, in: bytes.span) == "vagrant" && o.process?.text(o.process?.image, in: bytes.span) == "/usr/bin/curl")
        #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.osquery])
    }

    @Test func connectionsWithALocalAddress() throws {
        let results = ParserTests.parse(.osquery, try ParserTests.fixture("osquery/derived-probes.jsonl").filter { !$0.isEmpty })
        #expect(results.allSatisfy { $0.0 == .observation })
        let (_, socket, _) = results[3]
        #expect(socket.process?.action == .connected && socket.source.description == "10.0.2.15" && socket.sourcePort == 40222)
        #expect(socket.destination.description == "172.217.164.110" && socket.destinationPort == 80)
    }
}
