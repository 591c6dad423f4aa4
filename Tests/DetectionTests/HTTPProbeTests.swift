import Detection
import ProbeHoundCore
import Testing

/// The HTTP probe rules on request bytes laid out as the decoder reports them.
@Suite struct HTTPProbeTests {
    /// Runs one request `GET target` with `headers` through the detector; returns its HTTP probes.
    static func probes(target: String, headers: [(String, String)], method: String = "GET", destination: String = "203.0.113.5") -> [HTTPProbe] {
        var text = "\(method) \(target) HTTP/1.1\r\n"
        var request = HTTPRequest(method: ByteRange(start: 0, count: method.utf8.count),
                                  target: ByteRange(start: method.utf8.count + 1, count: target.utf8.count))
        for (name, value) in headers {
            let start = text.utf8.count + name.utf8.count + 2
            text += "\(name): \(value)\r\n"
            let range = ByteRange(start: start, count: value.utf8.count)
            if name == "Host" { request.host = range }
            if name == "User-Agent" { request.userAgent = range }
            if name == "Cookie" { request.hasCookie = true }
            if name == "Referer" { request.hasReferer = true }
            if name == "Accept-Language" { request.hasAcceptLanguage = true }
            request.headerCount += 1
        }
        var observation = Observation()
        observation.source = IPAddress("10.0.0.7")!
        observation.destination = IPAddress(destination)!
        observation.ipProtocol = IPProtocolNumber.tcp
        observation.destinationPort = 80
        observation.http = request
        var detector = ProbeDetector(config: DetectionConfig())
        let bytes = Array(text.utf8)
        detector.observe(observation, bytes: bytes.span)
        return detector.findings().findings.first?.httpGets ?? []
    }

    @Test func lookupServiceWithPortInHost() {
        let found = Self.probes(target: "/ip", headers: [("Host", "IfConfig.me:80"), ("User-Agent", "curl/8.5.0")])
        #expect(found.map(\.host) == ["ifconfig.me"] && found.first?.category == ProbeCategory(rawValue: "ip-lookup") && found.first?.tool == "curl")
    }

    @Test func methodsLoggedInTitleCaseAreRead() {
        let found = Self.probes(target: "/ip", headers: [("Host", "ifconfig.me"), ("User-Agent", "curl/8.5.0")], method: "Get")
        #expect(found.map(\.method) == ["GET"] && found.first?.category == ProbeCategory(rawValue: "ip-lookup"))
    }

    @Test func bareExternalIPWithShortPath() {
        let found = Self.probes(target: "/json", headers: [("Host", "203.0.113.5:8080"), ("User-Agent", "python-requests/2.31")])
        #expect(found.first?.category == ProbeCategory(rawValue: "bare-ip"))
        #expect(Self.probes(target: "/files/setup.exe", headers: [("Host", "203.0.113.5")]).isEmpty)
    }

    @Test func browsingAnUnknownSiteIsNoProbe() {
        #expect(Self.probes(target: "/news", headers: [("Host", "news.example.org"), ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
                                                       ("Accept-Language", "en"), ("Cookie", "a=b")]).isEmpty)
    }

    @Test func checkPathOnAnyHostAndProxyForm() {
        #expect(Self.probes(target: "/generate_204?x=1", headers: [("Host", "cdn.example.net"), ("User-Agent", "Wget/1.21")]).first?.category == ProbeCategory(rawValue: "connectivity-check"))
        let proxied = Self.probes(target: "http://api.ipify.org/", headers: [("Host", "api.ipify.org"), ("User-Agent", "curl/8.5.0")], destination: "10.0.0.3")
        #expect(proxied.first?.viaProxy == true && proxied.first?.host == "api.ipify.org")
    }
}

/// The classes of OS and app housekeeping that are not probes (issue 14).
@Suite struct HousekeepingRequestTests {
    @Test func appFetchesByIPWithAQueryOrTheirOwnAgentAreNoProbe() {
        #expect(HTTPProbeTests.probes(target: "/range/0-65535?o=AQEf", headers: [("Host", "203.0.113.5")]).isEmpty)
        #expect(HTTPProbeTests.probes(target: "/json", headers: [("Host", "203.0.113.5"), ("User-Agent", "Netflix/6.1 (Android)")]).isEmpty)
        #expect(HTTPProbeTests.probes(target: "/json", headers: [("Host", "203.0.113.5")]).first?.category == .bareIP)
    }

    @Test func certificateRevocationAndUpdateAgentsAreNoProbe() {
        let cryptoAPI = ("User-Agent", "Microsoft-CryptoAPI/10.0")
        #expect(HTTPProbeTests.probes(target: "/pki/crl/products/MicRooCerAut2011_2011_03_22.crl",
                                      headers: [("Host", "www.msftconnecttest.com"), cryptoAPI]).isEmpty)
        #expect(HTTPProbeTests.probes(target: "/MFEwTzBNMEswSTAJBgUrDgMCGgUABBQ", headers: [("Host", "ocsp.example-ca.com"), cryptoAPI]).isEmpty)
        #expect(HTTPProbeTests.probes(target: "/", headers: [("Host", "www.bing.com"), ("User-Agent", "Windows-Update-Agent/10.0")]).isEmpty)
    }

    @Test func checkHostsCountOnlyOnTheirCheckPaths() {
        let ncsi = ("User-Agent", "Microsoft NCSI")
        #expect(HTTPProbeTests.probes(target: "/ncsi.txt", headers: [("Host", "www.msftncsi.com"), ncsi]).first?.looksLikeOperatingSystem == true)
        #expect(HTTPProbeTests.probes(target: "/some/app/data.json", headers: [("Host", "www.msftncsi.com"), ncsi]).isEmpty)
    }
}
