import FirewallLogs
import ProbeHoundCore
import Testing

/// ProxySG access logs in W3C ELFF: the header decides the columns, a record that does not match it
/// is counted, not read with shifted columns.
@Suite struct ELFFParserTests {
    static func lines(_ file: String) throws -> [String] {
        try ParserTests.fixture("proxysg/" + file).flatMap { $0.split(whereSeparator: \.isNewline).map(String.init) }.filter { !$0.isEmpty }
    }

    @Test func headerDrivenRecords() throws {
        let results = ParserTests.parse(.proxysg, try Self.lines("elastic-proxy-onprem.excerpt.log"))
        #expect(results.prefix(6).allSatisfy { $0.0 == .skipped(.header) })
        #expect(results.dropFirst(6).allSatisfy { $0.0 == .observation } && results.count == 14)
        let (_, o, bytes) = results[6]
        let http = try #require(o.http)
        #expect(o.source.description == "10.82.255.36" && o.destination.description == "34.111.113.62" && o.destinationPort == 443)
        #expect(http.method.string(in: bytes.span) == "GET" && http.host?.string(in: bytes.span) == "pixel.tapad.com")
        #expect(http.target.string(in: bytes.span) == "/idsync/ex/push" && http.query?.string(in: bytes.span).hasPrefix("?partner_id=2499") == true)
        #expect(http.userAgent?.string(in: bytes.span).hasPrefix("Mozilla/5.0 (Windows NT 10.0") == true && http.headersRecorded)
        // Logged when the request ended: 16:16:01 less 48 ms.
        #expect(o.timestamp.iso8601 == "2024-03-22T16:16:00.952000Z")
    }

    @Test func olderSGOSWithCRLF() throws {
        let results = ParserTests.parse(.proxysg, try Self.lines("stroom-sampleBluecoat.log"))
        #expect(results.filter { $0.0 == .observation }.count == 29 && results.allSatisfy { $0.0 != .skipped(.unparsed) })
        let (_, o, bytes) = try #require(results.first { $0.0 == .observation })
        #expect(o.source.description == "45.110.2.82" && o.http?.host?.string(in: bytes.span) == "www.inmobus.com")
        #expect(o.http?.userAgent?.string(in: bytes.span) == "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1; .NET CLR 1.1.4322)")
    }

    @Test func aHeaderThatDoesNotMatchItsRecordsIsNotGuessedAround() throws {
        // Elastic's sample: the header names 23 fields, the records carry 24 (an unnamed User-Agent).
        let results = ParserTests.parse(.proxysg, try Self.lines("elastic-proxy-main.log"))
        #expect(results.filter { $0.0 == .skipped(.unparsed) }.count == 11 && !results.contains { $0.0 == .observation })
    }

    @Test func syslogPrefixedAndHeaderlessRecords() throws {
        let header = "Mar 22 16:16:01 proxy1 #Fields: date time time-taken c-ip cs-method cs-host cs-uri-path cs-uri-query cs(User-Agent) r-ip sc-filter-result"
        let record = #"Mar 22 16:16:02 proxy1 2026-03-22 16:16:02 10 10.1.2.3 GET api.ipify.org / - "curl/8.5.0" 104.26.12.205 DENIED"#
        let results = ParserTests.parse(.proxysg, [header, record])
        #expect(results.map(\.0) == [.skipped(.header), .observation])
        #expect(results[1].1.action == .deny && results[1].1.source.description == "10.1.2.3")
        // Before any header, SGOS's default main layout (24 fields).
        let main = #"2026-03-22 16:16:02 10 10.1.2.3 200 TCP_NC_MISS 100 200 GET http ifconfig.me 80 /ip - - - ifconfig.me text/plain - "curl/8.5.0" OBSERVED "Technology/Internet" - 10.0.0.1"#
        let (verdict, o, bytes) = ParserTests.parse(.proxysg, [main])[0]
        #expect(verdict == .observation && o.http?.host?.string(in: bytes.span) == "ifconfig.me" && o.http?.userAgent?.string(in: bytes.span) == "curl/8.5.0")
    }
}
