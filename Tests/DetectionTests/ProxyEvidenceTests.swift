import Detection
import ProbeHoundCore
import Testing

/// The proxy-discovery rules on observations laid out as the decoders report them.
@Suite struct ProxyEvidenceTests {
    /// A DNS question for `name` as a DNS log reports it (the name as text).
    static func lookup(_ name: String, from source: String = "10.0.0.7", at seconds: Double) -> (Observation, [UInt8]) {
        var o = Observation()
        o.timestamp = Make.time(seconds)
        o.source = IPAddress(source)!
        o.destination = IPAddress("10.0.0.53")!
        o.ipProtocol = IPProtocolNumber.udp
        o.destinationPort = 53
        o.queryName = ByteRange(start: 0, count: name.utf8.count)
        return (o, Array(name.utf8))
    }

    /// A request line `METHOD target` with a User-Agent, as the HTTP decoder reports it.
    static func request(_ method: String, _ target: String, agent: String = "curl/8.5.0", to destination: String, port: UInt16,
                        at seconds: Double, ipID: UInt32 = 1) -> (Observation, [UInt8]) {
        let text = "\(method) \(target) HTTP/1.1\r\nUser-Agent: \(agent)\r\n\r\n"
        var request = HTTPRequest(method: ByteRange(start: 0, count: method.utf8.count),
                                  target: ByteRange(start: method.utf8.count + 1, count: target.utf8.count))
        request.userAgent = ByteRange(start: "\(method) \(target) HTTP/1.1\r\nUser-Agent: ".utf8.count, count: agent.utf8.count)
        request.headerCount = 1
        request.isComplete = true
        var o = Observation()
        o.timestamp = Make.time(seconds)
        o.source = IPAddress("10.0.0.7")!
        o.destination = IPAddress(destination)!
        o.ipProtocol = IPProtocolNumber.tcp
        o.destinationPort = port
        o.ipID = ipID
        o.http = request
        return (o, Array(text.utf8))
    }

    static func run(_ inputs: [(Observation, [UInt8])], flows: Bool = false) -> [Finding] {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.recordsAreFlows = flows
        for (observation, bytes) in inputs { detector.observe(observation, bytes: bytes.span) }
        return detector.findings().findings
    }

    @Test func windowsLookingForItsProxyAloneIsNoFinding() {
        #expect(Self.run([Self.lookup("wpad.corp.example", at: 1), Self.lookup("WPAD", at: 2),
                          Self.request("GET", "/wpad.dat", agent: "WinHttp-Autoproxy-Service/5.1", to: "10.0.0.1", port: 80, at: 3)]).isEmpty)
    }

    @Test func namesThatOnlyStartLikeWPADAreNotLookups() {
        let pings = (0..<4).map { (Make.echo("10.0.0.7", "8.8.8.8", at: Double($0), seq: UInt16($0)), [UInt8]()) }
        let finding = Self.run(pings + [Self.lookup("wpadx.corp.example", at: 5), Self.lookup("my.wpad.example", at: 6)]).first
        #expect(finding?.kinds == [.icmpEcho])
    }

    @Test func besideAPingALookupCountsAndIsListed() throws {
        let pings = (0..<4).map { (Make.echo("10.0.0.7", "8.8.8.8", at: Double($0), seq: UInt16($0)), [UInt8]()) }
        let finding = try #require(Self.run(pings + [Self.lookup("wpad.corp.example", at: 5)]).first)
        #expect(finding.kinds == [.icmpEcho, .proxy])
        #expect(finding.reasons.last == "it also looked for or used a proxy: WPAD look-up wpad.corp.example to 10.0.0.53 (+\(ScoreRule.proxyLookupBeside.points))")
        #expect(finding.evidenceLines.map(\.label) == ["ping", "proxy"])
    }

    @Test func oneProxyIsOrdinaryTwoAreAHostTryingWaysOut() throws {
        let one = Self.run([Self.request("CONNECT", "example.org:443", to: "10.0.0.1", port: 3128, at: 1),
                            Self.request("GET", "http://example.org/", to: "10.0.0.1", port: 3128, at: 2, ipID: 2)])
        #expect(one.isEmpty, "a site's clients all use the proxy their configuration names")
        let two = try #require(Self.run([Self.request("CONNECT", "example.org:443", to: "10.0.0.1", port: 3128, at: 1),
                                         Self.request("CONNECT", "example.org:443", to: "10.0.0.1", port: 8080, at: 2, ipID: 2),
                                         Self.request("CONNECT", "example.org:443", to: "10.0.0.2", port: 3128, at: 3, ipID: 3)]).first)
        #expect(two.score == ScoreRule.proxyCandidates.points && two.kinds == [.proxy])
        #expect(two.reasons == ["requests in proxy form to 3 proxies (10.0.0.1:3128, 10.0.0.1:8080, 10.0.0.2:3128): trying ways out through proxies (+25)"])
    }

    @Test func aProxyLogsRecordsAreNotProxyDiscovery() {
        // In a proxy's own log every record is in proxy form: no step of proxy discovery.
        let records = [Self.request("CONNECT", "example.org:443", to: "198.51.100.1", port: 443, at: 1),
                       Self.request("GET", "http://example.net/", to: "198.51.100.2", port: 80, at: 2)]
        #expect(Self.run(records, flows: true).isEmpty)
    }

    @Test func aScriptedAutoConfigFetchIsMeaningfulAndTheRequestIsKeptOnce() throws {
        let finding = try #require(Self.run([Self.request("GET", "/proxy.PAC?x=1", agent: "python-requests/2.31", to: "10.0.0.1", port: 80, at: 1),
                                             Self.request("GET", "/proxy.PAC?x=1", agent: "python-requests/2.31", to: "10.0.0.1", port: 80, at: 2, ipID: 2)]).first)
        #expect(finding.score == ScoreRule.proxyAutoConfigScripted.points)
        let steps = finding.sections.flatMap { section -> [ProxyProbe] in
            guard case .proxies(let steps) = section else { return [] }
            return steps
        }
        #expect(steps.count == 1 && steps.first?.count == 2 && steps.first?.tool == "python-requests")
    }

    @Test func anAllowlistedProxyIsLeftOutAndSaidSo() {
        var config = DetectionConfig()
        config.allowlist.targets = [IPNetwork("10.0.0.1/32")!]
        var detector = ProbeDetector(config: config)
        for (observation, bytes) in [Self.request("CONNECT", "a.example:443", to: "10.0.0.1", port: 3128, at: 1),
                                     Self.request("CONNECT", "a.example:443", to: "10.0.0.1", port: 8080, at: 2, ipID: 2)] {
            detector.observe(observation, bytes: bytes.span)
        }
        #expect(detector.findings().findings.isEmpty)
    }
}
