import FirewallLogs
import Foundation
import ProbeHoundCore
import Testing

/// Each parser on real lines from the fixtures (and the generated gateway logs), field by field.
@Suite struct ParserTests {
    static func parse(_ format: LogFormat, _ lines: [String], year: Int = 2026) -> [(LineVerdict, Observation, [UInt8])] {
        var parser = format.makeParser()
        return lines.map { line in
            let bytes = Array(line.utf8)
            var observation = Observation()
            let verdict = parser.parse(bytes.span, into: &observation, context: LogContext(defaultYear: year))
            return (verdict, observation, bytes)
        }
    }

    static func fixture(_ path: String) throws -> [String] {
        try String(contentsOf: FixtureConformanceTests.fixtures.appendingPathComponent(path), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func netfilterEchoWithTTLAndTime() throws {
        let line = "Nov 23 05:00:31 fw-gw01 FW-ICMP-ECHO-OUT:  IN=lan0 OUT=wan0 MAC=00:50:56:27:bf:33:00:50:56:0c:0d:5d:08:00 SRC=192.168.56.59 DST=198.51.100.48 LEN=84 TOS=00 PREC=0x00 TTL=63 ID=55701 DF PROTO=ICMP TYPE=8 CODE=0 ID=32711 SEQ=1 MARK=0x0 "
        let (verdict, o, _) = Self.parse(.iptables, [line])[0]
        #expect(verdict == .observation)
        #expect(o.source.description == "192.168.56.59" && o.destination.description == "198.51.100.48")
        #expect(o.ttl == 63 && o.ipID == 55701 && o.icmpType == 8 && o.icmpID == 32711 && o.icmpSequence == 1)
        #expect(o.timestamp.iso8601 == "2026-11-23T05:00:31.000000Z")
    }

    @Test func netfilterQuotedPacketAndIPv6() throws {
        let error = "Jan  8 03:37:09 DENY: IN=eth0 OUT= MAC=90:10:28:5f:62:24:90:10:18:5a:89:2a:08:00 SRC=192.168.2.71 DST=192.168.2.83 LEN=88 TOS=0x00 PREC=0x00 TTL=118 ID=21684 PROTO=ICMP TYPE=3 CODE=3 [SRC=192.168.2.83 DST=192.168.173.191 LEN=60 TOS=0x00 PREC=0x00 TTL=54 ID=0 DF PROTO=UDP SPT=21458 DPT=62936 LEN=40 ]"
        let v6 = "Nov 23 05:01:40 fw-gw01 FW-ICMP6-ERR-IN:  IN=wan0 OUT=lan0 SRC=fd88:ffff:284b:0000:0000:0000:0000:0002 DST=fd17:9ed8:0064:0000:0000:0000:0000:000e LEN=128 TC=0 HOPLIMIT=63 FLOWLBL=0 PROTO=ICMPv6 TYPE=3 CODE=0 [SRC=fd17:9ed8:0064:0000:0000:0000:0000:000e DST=2001:0db8:917a:0000:0000:0000:0000:0030 LEN=80 TC=0 HOPLIMIT=1 FLOWLBL=0 PROTO=UDP SPT=40000 DPT=33434 LEN=40 ] MARK=0x0 "
        let results = Self.parse(.iptables, [error, v6])
        let inner = try #require(results[0].1.inner)
        #expect(inner.destination.description == "192.168.173.191" && inner.sourcePort == 21458 && inner.ttl == 54)
        #expect(results[0].1.action == .deny)
        let o = results[1].1
        #expect(o.ipProtocol == IPProtocolNumber.icmpv6 && o.icmpType == 3 && o.ttl == 63)
        #expect(o.inner?.destination.description == "2001:db8:917a::30" && o.inner?.destinationPort == 33434 && o.inner?.ttl == 1)
    }

    @Test func truncatedKernelLinesDoNotCrash() throws {
        for (verdict, _, _) in Self.parse(.iptables, try Self.fixture("iptables/test-ubiquiti.log")) {
            _ = verdict
        }
        let cut = Self.parse(.iptables, ["Jan  5 20:17:05 host kernel: [X]IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 L=126 ...", "SRC= DST= PROTO="])
        #expect(cut.allSatisfy { $0.0 == .skipped(.unparsed) })
    }

    @Test func journaldExportCarriesTheKernelMessage() throws {
        let data = try Data(contentsOf: FixtureConformanceTests.fixtures.appendingPathComponent("iptables/test-journald.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let events = root["events"] as! [[String: Any]]
        let message = (events[0]["message"] as? String) ?? ""
        let line = "{\"__REALTIME_TIMESTAMP\":\"1640995200000000\",\"MESSAGE\":\"\(message)\"}"
        let (verdict, o, _) = Self.parse(.iptables, [line])[0]
        #expect(verdict == .observation)
        #expect(o.timestamp.seconds == 1_640_995_200)
    }

    @Test func ulogdJSON() throws {
        let line = #"{"timestamp": "2026-11-23T05:00:31.354479", "dvc": "Netfilter", "oob.prefix": "FW-ICMP-ECHO-OUT: ", "oob.time.sec": 1795410031, "oob.time.usec": 354479, "ip.protocol": 1, "ip.ttl": 63, "ip.id": 55701, "icmp.type": 8, "icmp.code": 0, "icmp.echoid": 32711, "icmp.echoseq": 1, "src_ip": "192.168.56.59", "dest_ip": "198.51.100.48"}"#
        let (verdict, o, _) = Self.parse(.ulogdJSON, [line])[0]
        #expect(verdict == .observation)
        #expect(o.ttl == 63 && o.icmpType == 8 && o.icmpSequence == 1 && o.source.description == "192.168.56.59")
        #expect(o.timestamp == Timestamp(seconds: 1_795_410_031, nanoseconds: 354_479_000))
    }

    @Test func zeekConnTSVAndJSON() throws {
        let tsv = try Self.fixture("zeek/conn-tsv-ipsec-readme.log")
        let results = Self.parse(.zeekConn, tsv)
        let records = results.filter { $0.0 == .observation }
        #expect(!records.isEmpty)
        #expect(records[0].1.source.description == "192.168.0.10" && records[0].1.destinationPort == 500 && records[0].1.ipProtocol == IPProtocolNumber.udp)
        #expect(results.filter { $0.0 == .skipped(.header) }.count >= 6)
        let json = Self.parse(.zeekConn, try Self.fixture("zeek/test-conn.log").filter { !$0.isEmpty })
        let icmp = try #require(json.first { $0.1.ipProtocol == IPProtocolNumber.icmp })
        #expect(icmp.1.icmpType == 3 && icmp.1.sourcePort == nil)
        #expect(json.allSatisfy { $0.0 == .observation })
    }

    @Test func zeekHTTPGivesTheRequest() throws {
        let results = Self.parse(.zeekHTTP, try Self.fixture("zeek/test-http.log").filter { !$0.isEmpty })
        let curl = try #require(results.first { $0.1.http?.host?.string(in: $0.2.span) == "httpbin.org" })
        #expect(curl.1.http?.target.string(in: curl.2.span) == "/ip")
        #expect(curl.1.http?.userAgent?.string(in: curl.2.span) == "curl/7.58.0")
    }

    @Test func suricataEVE() throws {
        let results = Self.parse(.suricataEVE, try Self.fixture("suricata-eve/test-eve-small.excerpt.log").filter { !$0.isEmpty })
        #expect(results.allSatisfy { $0.0 == .observation || $0.0 == .skipped(.noTraffic) })
        let alert = try #require(results.first { $0.1.destinationPort == 443 })
        #expect(alert.1.source.description == "192.168.86.85" && alert.1.action == .allow)
        #expect(alert.1.timestamp.iso8601 == "2018-07-05T19:07:20.910626Z")
        let dns = #"{"timestamp":"2024-01-01T00:00:00.000000+0000","event_type":"dns","src_ip":"10.0.0.5","src_port":5353,"dest_ip":"10.0.0.1","dest_port":53,"proto":"UDP","dns":{"type":"query","id":1,"rrname":"api.ipify.org","rrtype":"A"}}"#
        let (_, o, bytes) = Self.parse(.suricataEVE, [dns])[0]
        #expect(o.queryName?.string(in: bytes.span) == "api.ipify.org")
    }

    @Test func windowsFirewallHeaderDecidesColumns() throws {
        let results = Self.parse(.windowsFirewall, try Self.fixture("windows-firewall/pfirewall-azure-stack-edge-docs.log"))
        let records = results.filter { $0.0 == .observation }
        #expect(records.count >= 3)
        #expect(records[0].1.source.description == "5.5.3.197" && records[0].1.destinationPort == 5353 && records[0].1.action == .deny)
        #expect(records[1].1.source.description == "fe80::3680:dff:fe01:9e88")
        let swapped = Self.parse(.windowsFirewall, ["#Fields: date time src-ip dst-ip action protocol icmptype icmpcode",
                                                     "2024-02-01 10:00:00 10.0.0.9 8.8.8.8 ALLOW ICMP 8 0"])
        #expect(swapped[1].1.icmpType == 8 && swapped[1].1.destination.description == "8.8.8.8")
    }

    @Test func vpcFlowDefaultAndCustom() throws {
        let results = Self.parse(.vpcFlow, try Self.fixture("aws-vpc-flow/test-extra-samples.log").filter { !$0.isEmpty })
        #expect(results[0].1.source.description == "2001:db8:1234:a100:8d6e:3477:df66:f105" && results[0].1.destinationPort == 22)
        #expect(results[1].0 == .skipped(.noTraffic))
        #expect(results.contains { $0.1.action == .deny })
        let custom = Self.parse(.vpcFlow, ["version srcaddr dstaddr dstport srcport protocol packets start action log-status",
                                           "5 10.0.0.5 203.0.113.9 33435 40000 17 1 1700000000 ACCEPT OK"])
        #expect(custom[0].0 == .skipped(.header))
        #expect(custom[1].1.destinationPort == 33435 && custom[1].1.sourcePort == 40000)
    }

    @Test func ciscoASAICMPDirection() throws {
        let lines = try Self.fixture("cisco-asa/test-302020-direction.log").filter { !$0.isEmpty }
        let results = Self.parse(.asa, lines)
        #expect(results[2].1.source.description == "192.0.2.30" && results[2].1.destination.description == "203.0.113.20")
        #expect(results[2].1.icmpType == 8)
        #expect(results[2].1.timestamp.iso8601 == "2026-08-18T18:24:31.000000Z")
    }

    /// 313004 ends the destination with the sentence's colon ("to 116.6.127.116: no matching session"):
    /// the address is still read, in both families (the IPv6 one may itself end in "::").
    @Test func ciscoASA313004Destination() throws {
        let lines = try Self.fixture("cisco-asa/wazuh-cisco_asa.ini").filter { $0.contains("313004") }.map { String($0.drop(while: { $0 != "%" })) }
        let v6 = ["%ASA-4-313004: Denied ICMP type=11, from laddr 2001:db8::2 on interface outside to 2001:db8:5::1: no matching session",
                  "%ASA-4-313004: Denied ICMP type=11, from laddr 2001:db8::2 on interface outside to 2001:db8::: no matching session"]
        let results = Self.parse(.asa, try [#require(lines.first)] + v6)
        #expect(results[0].1.source.description == "80.241.208.43" && results[0].1.destination.description == "116.6.127.116")
        #expect(results[0].1.icmpType == 0)
        #expect(results[1].1.destination.description == "2001:db8:5::1" && results[1].1.icmpType == 11)
        #expect(results[2].1.destination.description == "2001:db8::")
    }

    /// Squid's native access.log against Elastic's expected parse: client, upstream server, method and
    /// URL as logged; the time is when the request began (Elastic's @timestamp, the end, less the elapsed time).
    @Test func squidNativeAccessLog() throws {
        let expected = try Self.fixture("squid/test-access.excerpt.log-expected.keyfields.jsonl").filter { !$0.isEmpty }
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let results = Self.parse(.squid, expected.map { $0["event.original"] as! String })
        for (record, (verdict, o, bytes)) in zip(expected, results) {
            #expect(verdict == .observation)
            #expect(o.source.description == record["source.ip"] as? String)
            if let destination = record["destination.ip"] as? String { #expect(o.destination.description == destination) }
            let http = try #require(o.http)
            #expect(http.method.string(in: bytes.span) == record["http.request.method"] as? String)
            #expect(http.target.string(in: bytes.span) == record["url.original"] as? String)
            #expect(!http.headersRecorded)
            let end = try #require(Timestamp(iso8601: (record["@timestamp"] as! String).replacingOccurrences(of: "Z", with: "000Z")))
            #expect(o.timestamp.adding(seconds: Double(record["event.duration"] as! Int) / 1e9) == end)
        }
        // The whole excerpt (CONNECT, 407 denials with NONE/-, explicit ports) and Wazuh's lines read;
        // a URL without a scheme still gives a record.
        let all = try Self.fixture("squid/test-access.excerpt.log").filter { !$0.isEmpty }
        #expect(Self.parse(.squid, all).allSatisfy { $0.0 == .observation })
        let wazuh = try Self.fixture("squid/wazuh-squid_rules.ini").filter { $0.hasPrefix("log ") }.map { String($0.drop { $0 != "=" }.dropFirst(2)) }
        let parsed = Self.parse(.squid, wazuh)
        #expect(parsed.count == 2 && parsed.allSatisfy { $0.0 == .observation && $0.1.action == .deny })
        #expect(LogFormat.allCases.filter { format in all.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.squid])
    }

    /// A site's own Squid `logformat` (Elastic's "extensive" fixture): every field the layout names
    /// is read by its role, quoted ones included, against Elastic's expected parse.
    @Test func squidCustomLogformat() throws {
        let format = #"%ts.%03tu %6tr %>a %>p %Ss/%03>Hs %<st %>st %<sh %>sh %<bs %rm %ru %rv %[un %Sh/%<a %<p %mt - - "%{Referer}>h" "%{User-Agent}>h" "%{Host}>h" "%{X-Forwarded-For}>h""#
        let layout = try SquidLogLayout.compile(format).get()
        let expected = try Self.fixture("squid/test-access-extensive.log-expected.keyfields.jsonl").filter { !$0.isEmpty }
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        var parser = LogFormat.squid.makeParser()
        for record in expected {
            let bytes = Array((record["event.original"] as! String).utf8)
            var o = Observation()
            #expect(parser.parse(bytes.span, into: &o, context: LogContext(defaultYear: 2026, squidLayout: layout)) == .observation)
            #expect(o.source.description == record["source.ip"] as? String)
            #expect(o.sourcePort.map(Int.init) == record["source.port"] as? Int)
            if let destination = record["destination.ip"] as? String { #expect(o.destination.description == destination) }
            if let port = record["destination.port"] as? Int { #expect(o.destinationPort.map(Int.init) == port) }
            let http = try #require(o.http)
            #expect(http.headersRecorded)
            #expect(http.method.string(in: bytes.span) == record["http.request.method"] as? String)
            #expect(http.target.string(in: bytes.span) == record["url.original"] as? String)
            #expect(http.userAgent?.string(in: bytes.span) == record["user_agent.original"] as? String)
            #expect(http.host?.string(in: bytes.span) == record["squid.host_header"] as? String)
        }
        #expect(SquidLogLayout.compile("%ts %>a %rm").failure?.description == "the format has no %ru field")
    }

    /// Umbrella's DNS log CSV: every row of Elastic's fixture (13 and 10 columns, `", "` between
    /// fields, identities with commas, an IPv6 client) is a DNS question from the internal client
    /// to Umbrella's resolver, the domain without its trailing dot; a blocked one is a deny.
    @Test func umbrellaDNSLog() throws {
        let lines = try Self.fixture("umbrella/umbrella-test-umbrella-dnslogs.log").filter { !$0.isEmpty }
        let results = Self.parse(.umbrellaDNS, lines)
        #expect(results.count == 15 && results.allSatisfy { $0.0 == .observation })
        for (_, o, bytes) in results {
            #expect(o.destination.description == "208.67.222.222" && o.destinationPort == 53 && o.ipProtocol == IPProtocolNumber.udp)
            let range = try #require(o.queryName)
            let name = range.string(in: bytes.span)
            #expect(!name.isEmpty && !name.hasSuffix("."))
        }
        #expect(results[0].1.source.description == "192.168.1.1" && results[0].1.timestamp.iso8601 == "2020-07-23T23:49:54.000000Z")
        let firstBytes = results[0].2
        let firstName = results[0].1.queryName?.string(in: firstBytes.span)
        #expect(firstName == "www.elastic.co")
        #expect(results[1].1.action == .deny)
        #expect(results.contains { $0.1.source.isIPv6 })
        #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.umbrellaDNS])
    }

    /// Umbrella's proxy log CSV against Elastic's expected parse: the internal client (else its NAT
    /// address), the destination, the URL's host and path, method and User-Agent.
    @Test func umbrellaProxyLog() throws {
        let expected = try Self.fixture("umbrella/umbrella-proxylogs-expected.keyfields.jsonl").filter { !$0.isEmpty }
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(expected.count == 4)
        for record in expected {
            let line = record["event.original"] as! String
            let (verdict, o, bytes) = Self.parse(.umbrellaProxy, [line])[0]
            #expect(verdict == .observation)
            #expect(o.source.description == (record["source.ip"] as? String ?? record["source.nat.ip"] as? String))
            if let destination = record["destination.ip"] as? String { #expect(o.destination.description == destination) }
            let http = try #require(o.http)
            if let domain = record["url.domain"] as? String { #expect(http.host?.string(in: bytes.span) == domain) }
            if let path = record["url.path"] as? String { #expect(http.target.string(in: bytes.span).hasPrefix(path)) }
            if let method = record["http.request.method"] as? String { #expect(http.method.string(in: bytes.span) == method) }
            if let agent = record["user_agent.original"] as? String { #expect(http.userAgent?.string(in: bytes.span) == agent) }
            #expect(o.timestamp.iso8601.hasPrefix(String((record["@timestamp"] as! String).prefix(19))))
        }
        let lines = try Self.fixture("umbrella/umbrella-test-umbrella-proxylogs.log").filter { !$0.isEmpty }
        #expect(Self.parse(.umbrellaProxy, lines).allSatisfy { $0.0 == .observation })
        #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.umbrellaProxy])
    }

    /// Zscaler NSS web JSON against Elastic's expected parse: `cip` (NAT) is the source where no
    /// internal address is logged, `sip` the server, method and User-Agent as sent; `cintip` wins.
    @Test func zscalerWebLog() throws {
        let expected = try Self.fixture("zscaler/test-web.log-expected.keyfields.jsonl").filter { !$0.isEmpty }
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(expected.count == 4)
        for record in expected {
            let (verdict, o, bytes) = Self.parse(.zscalerWeb, [record["event.original"] as! String])[0]
            #expect(verdict == .observation)
            #expect(o.source.description == record["source.nat.ip"] as? String && o.destination.description == record["destination.ip"] as? String)
            #expect(o.http?.method.string(in: bytes.span) == record["http.request.method"] as? String)
            #expect(o.http?.userAgent?.string(in: bytes.span) == record["user_agent.original"] as? String)
            #expect(o.timestamp.iso8601.hasPrefix(String((record["@timestamp"] as! String).prefix(19))))
            #expect(o.action == ((record["event.action"] as? String) == "blocked" ? .deny : .allow))
        }
        let withInternalAddress = #"{"time":"Mon Jan  5 10:00:00 2026","cip":"198.51.100.7","cintip":"10.1.2.3","sip":"104.26.12.205","proto":"HTTP","eurl":"api.ipify.org/","reqmethod":"GET","ua":"curl/8.5.0","action":"Allowed"}"#
        let (verdict, o, bytes) = Self.parse(.zscalerWeb, [withInternalAddress])[0]
        #expect(verdict == .observation && o.source.description == "10.1.2.3" && o.http?.host?.string(in: bytes.span) == "api.ipify.org")
        #expect(o.http?.target.string(in: bytes.span) == "/" && o.timestamp.iso8601 == "2026-01-05T10:00:00.000000Z")
        // A `://` inside the query is no scheme: the host stays the one the request went to.
        let redirect = #"{"time":"Mon Jan  5 10:00:00 2026","cip":"198.51.100.7","sip":"93.184.216.34","eurl":"www.example.com/go?to=http://api.ipify.org/","reqmethod":"GET","action":"Allowed"}"#
        let (_, hop, hopBytes) = Self.parse(.zscalerWeb, [redirect])[0]
        #expect(hop.http?.host?.string(in: hopBytes.span) == "www.example.com" && hop.http?.target.string(in: hopBytes.span) == "/go?to=http://api.ipify.org/")
        let lines = try Self.fixture("zscaler/test-web.log").filter { !$0.isEmpty }
        #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.zscalerWeb])
    }

    /// Forcepoint's CSV export against Elastic's expected parse: the connection address where no
    /// internal one is given, the tunnel's host, method and agent; the internal address wins.
    @Test func forcepointWebExport() throws {
        let expected = try Self.fixture("forcepoint/forcepoint-web-test-forcepoint-web.json-expected.keyfields.jsonl").filter { !$0.isEmpty }
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        for record in expected {
            let (verdict, o, bytes) = Self.parse(.forcepointWeb, [record["event.original"] as! String])[0]
            #expect(verdict == .observation)
            #expect(o.source.description == record["source.nat.ip"] as? String && o.destination.description == record["destination.ip"] as? String)
            #expect(o.http?.host?.string(in: bytes.span) == "\(record["url.domain"] as! String):\(record["url.port"] as! Int)")
            #expect(o.http?.method.string(in: bytes.span).uppercased() == record["http.request.method"] as? String)
            #expect(o.http?.userAgent?.string(in: bytes.span) == record["user_agent.original"] as? String && o.destinationPort == 443)
            #expect(o.timestamp.iso8601.hasPrefix(String((record["@timestamp"] as! String).prefix(19))))
        }
        let lines = try Self.fixture("forcepoint/forcepoint-web-full-sample.excerpt.log").filter { !$0.isEmpty }
        let results = Self.parse(.forcepointWeb, lines)
        #expect(results.allSatisfy { $0.0 == .observation })
        let (_, ncsi, bytes) = try #require(results.first { $0.2.count > 0 && String(decoding: $0.2, as: UTF8.self).contains("Microsoft NCSI") })
        #expect(ncsi.source.description == "10.0.0.31" && ncsi.http?.target.string(in: bytes.span) == "/connecttest.txt" && ncsi.destinationPort == 80)
        #expect(LogFormat.allCases.filter { format in lines.allSatisfy { format.recognizes(Array($0.utf8).span) } } == [.forcepointWeb])
    }

    @Test func caseInsensitiveComparisonFoldsBothSides() {
        let bytes = Array("DeNiEd".utf8)
        let lower = bytes.span.equalsIgnoringCase("denied", 0..<6), capitalised = bytes.span.equalsIgnoringCase("Denied", 0..<6)
        let other = bytes.span.equalsIgnoringCase("Denies", 0..<6)
        #expect(lower && capitalised && !other)
    }

    @Test func pfFilterlogICMPEcho() throws {
        let line = "<134>Jul  3 19:10:30 filterlog[72237]: 5,,,1000000103,em0,match,pass,out,4,0x0,,64,1234,0,none,1,icmp,84,192.168.1.10,8.8.8.8,request,4321,7"
        let (verdict, o, _) = Self.parse(.pf, [line])[0]
        #expect(verdict == .observation)
        #expect(o.icmpType == 8 && o.icmpID == 4321 && o.icmpSequence == 7 && o.ttl == 64 && o.action == .allow)
    }

    @Test func addressesAreReadInPlace() {
        for text in ["1.2.3.4", "255.255.255.255", "::", "::1", "2001:db8::1", "fe80::3680:dff:fe01:9e88", "::ffff:10.1.2.3",
                     "2001:db8:1234:a100:8d6e:3477:df66:f105", "fd88:ffff:284b:0000:0000:0000:0000:0002"] {
            let bytes = Array(text.utf8)
            let (_, o, _) = Self.parse(.zeekConn, [#"{"ts":1,"id.orig_h":"\#(text)","id.orig_p":1,"id.resp_h":"1.1.1.1","id.resp_p":2,"proto":"tcp","conn_state":"S0"}"#])[0]
            #expect(o.source == IPAddress(text), "\(text)")
            _ = bytes
        }
    }
}

@Suite struct EnvelopeParserTests {
    @Test func cefExtensionsWithSpacesAndURLs() throws {
        let lines = try ParserTests.fixture("cef/test-cef.log").filter { !$0.isEmpty }
        let results = ParserTests.parse(.cef, lines)
        #expect(results[0].1.source.description == "89.160.20.156" && results[0].1.destinationPort == 443)
        let first = results[0].2
        let host = results[0].1.http?.host?.string(in: first.span)
        let target = results[0].1.http?.target.string(in: first.span)
        #expect(host == "www.example.com")
        #expect(target == "/cart")
        #expect(results[2].0 == .skipped(.noTraffic))
        #expect(results[3].1.destination.description == "192.168.1.2" && results[3].1.source.description == "192.168.3.4")
        let leef = ParserTests.parse(.cef, ["LEEF:1.0|Vendor|FW|1.0|Deny|src=10.0.0.9\tdst=8.8.8.8\tsrcPort=4000\tdstPort=33435\tproto=UDP\taction=block"])
        #expect(leef[0].1.destinationPort == 33435 && leef[0].1.ipProtocol == IPProtocolNumber.udp && leef[0].1.action == .deny)
    }

    @Test func gcpFirewallEntries() throws {
        let data = try Data(contentsOf: FixtureConformanceTests.fixtures.appendingPathComponent("gcp-firewall/test-firewall-event.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let lines = try (root["events"] as! [[String: Any]]).map { event in
            String(decoding: try JSONSerialization.data(withJSONObject: event["json"] as Any), as: UTF8.self)
        }
        let results = ParserTests.parse(.gcpFirewall, lines)
        #expect(results[0].0 == .observation)
        #expect(results[0].1.source.description == "10.142.0.10" && results[0].1.destinationPort == 80)
        #expect(results[0].1.ipProtocol == IPProtocolNumber.udp && results[0].1.action == .deny)
        let bytes = Array(lines[0].utf8)
        let recognized = LogFormat.gcpFirewall.recognizes(bytes.span)
        #expect(recognized)
    }

    @Test func panosURLRecordIsAnHTTPRequest() throws {
        let line = try ParserTests.fixture("panos/test-panw-panos-threat-url-no-xff-sample.log")[0]
        let (verdict, o, bytes) = ParserTests.parse(.panos, [line])[0]
        let host = o.http?.host?.string(in: bytes.span)
        #expect(verdict == .observation)
        #expect(host == "consent.cmp.oath.com")
        #expect(o.destinationPort == 443 && o.action == .allow)
    }

    @Test func fortigateICMPFieldsAreHex() {
        let line = #"date=2024-03-01 time=10:00:00 logid="0000000013" type="traffic" subtype="forward" srcip=10.1.1.5 dstip=8.8.8.8 proto=1 action="accept" service="PING" icmptype="0x08" icmpcode="0x00" icmpid="0x0a1b" sentpkt=4"#
        let (_, o, _) = ParserTests.parse(.fortigate, [line])[0]
        #expect(o.icmpType == 8 && o.icmpCode == 0 && o.icmpID == 0x0a1b && o.packetCount == 4 && o.action == .allow)
        #expect(o.timestamp.iso8601 == "2024-03-01T10:00:00.000000Z")
    }
}

@Suite struct AzureNSGTests {
    @Test func everyFlowTupleIsARecord() throws {
        let line = try ParserTests.fixture("azure-nsg/test-nsg.log")[0]
        var parser = LogFormat.azureNSG.makeParser()
        let bytes = Array(line.utf8)
        var records: [Observation] = []
        let (count, verdict) = parser.parseRecords(bytes.span, template: Observation(), context: LogContext(defaultYear: 2018)) { records.append($0) }
        #expect(verdict == .observation && count == 1 && records.count == 1)
        #expect(records[0].source.description == "1.128.0.0" && records[0].destinationPort == 443)
        #expect(records[0].ipProtocol == IPProtocolNumber.tcp && records[0].action == .allow && records[0].timestamp.seconds == 1_542_110_379)
        let two = #"{"records":[{"properties":{"Version":1,"flows":[{"rule":"r","flows":[{"mac":"x","flowTuples":["1,10.0.0.4,8.8.8.8,40000,33434,U,O,A","2,10.0.0.4,8.8.8.8,40001,33435,U,O,A","garbage"]}]}]}}]}"#
        let twoBytes = Array(two.utf8)
        records.removeAll()
        let (twoCount, twoVerdict) = parser.parseRecords(twoBytes.span, template: Observation(), context: LogContext(defaultYear: 2018)) { records.append($0) }
        #expect(twoVerdict == .observation && twoCount == 3 && records.count == 2)
        #expect(records.map(\.destinationPort) == [33434, 33435])
    }
}

extension Result {
    /// The error of a failure, nil for a success.
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}
