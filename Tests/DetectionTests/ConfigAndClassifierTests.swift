import Detection
#if canImport(Glibc)
import Glibc
#endif
import ProbeHoundCore
import Testing

@Suite struct ConfigAndClassifierTests {
    @Test func configFileSetsAndExtends() throws {
        var config = DetectionConfig()
        try ConfigFile.apply("""
            # site settings
            internal_networks = 10.0.0.0/8, 2001:db8::/32
            internal_networks += 192.0.2.0/24
            echo_min_requests = 5
            echo_window = 120
            probe_max_ttl = 20
            ip_lookup_hosts += myip.example.net
            allowlist_sources = 10.9.9.9/32
            host_addresses = WORKSTATION5=192.168.2.5, =10.0.0.7
            host_addresses += web01.corp=2001:db8::10
            """, to: &config)
        #expect(config.hostAddresses == ["WORKSTATION5": IPAddress("192.168.2.5")!, "": IPAddress("10.0.0.7")!,
                                         "web01.corp": IPAddress("2001:db8::10")!])
        #expect(throws: ConfigError.self) { try ConfigFile.apply("host_addresses = ws1", to: &config) }
        #expect(config.internalNetworks.map(\.description) == ["10.0.0.0/8", "2001:db8::/32", "192.0.2.0/24"])
        #expect(config.echoMinimumRequests == 5 && config.echoWindowSeconds == 120 && config.probeMaximumTTL == 20)
        #expect(config.knownHosts.match(Array("a.myip.example.net".utf8))?.category == .ipLookup)
        #expect(config.knownHosts.match(Array("ifconfig.me".utf8)) != nil)
        #expect(config.allowlist.containsSource(IPAddress("10.9.9.9")!))
    }

    @Test func theExampleConfigParsesToTheDefaults() throws {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        var bytes: [UInt8] = []
        let file = try #require(fopen(path + "/probehound.conf.example", "r"))
        defer { fclose(file) }
        while case let c = fgetc(file), c != EOF { bytes.append(UInt8(c)) }
        var config = DetectionConfig()
        try ConfigFile.apply(String(decoding: bytes, as: UTF8.self), to: &config)
        let defaults = DetectionConfig()
        #expect(config.internalNetworks.map(\.description) == defaults.internalNetworks.map(\.description))
        #expect(config.allowlist.isEmpty && config.hostAddresses.isEmpty)
        #expect(config.followUpWindowSeconds == defaults.followUpWindowSeconds && config.echoWindowSeconds == defaults.echoWindowSeconds)
        #expect(config.knownHosts.match(Array("ifconfig.me".utf8)) != nil)
    }

    @Test func configErrorsNameTheLine() {
        var config = DetectionConfig()
        #expect(throws: ConfigError.self) { try ConfigFile.apply("echo_min_requests = 3\nbogus = 1", to: &config) }
        do {
            try ConfigFile.apply("\n\ninternal_networks = 10.0.0.0/33", to: &config)
            Issue.record("accepted a bad network")
        } catch {
            #expect(error.line == 3)
        }
    }

    @Test func knownHostsMatchSubdomainsOnly() {
        let hosts = KnownHosts.standard
        #expect(hosts.match(Array("ipv6.icanhazip.com".utf8))?.category == .ipLookup)
        #expect(hosts.match(Array("icanhazip.com".utf8)) != nil)
        #expect(hosts.match(Array("noticanhazip.com".utf8)) == nil)
        #expect(hosts.match(Array("www.msftconnecttest.com".utf8))?.category == .connectivityCheck)
        #expect(hosts.isCheckPath(Array("/generate_204".utf8)))
    }

    @Test func userAgents() {
        func classify(_ agent: String) -> UserAgentClassifier.Client { UserAgentClassifier.classify(Array(agent.lowercased().utf8)) }
        #expect(classify("curl/8.5.0") == .scripted("curl"))
        #expect(classify("Wget/1.21.3") == .scripted("wget"))
        #expect(classify("Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.4291") == .scripted("powershell"))
        #expect(classify("Go-http-client/1.1") == .scripted("go-http-client"))
        #expect(classify("Microsoft NCSI") == .operatingSystem)
        #expect(classify("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0") == .browser)
    }

    @Test func addressText() {
        for text in ["0.0.0.0", "192.168.56.59", "2001:db8::1", "fd17:9ed8:64::3b", "::1", "::", "2001:db8:0:1:1:1:1:1", "fe80::200:86ff:fe05:80da"] {
            #expect(IPAddress(text)?.description == text)
        }
        #expect(IPAddress("2001:0db8:0000:0000:0000:0000:0000:0001")?.description == "2001:db8::1")
        #expect(IPAddress("::ffff:192.0.2.1")?.description == "::ffff:192.0.2.1")
        for bad in ["256.1.1.1", "1.2.3", "1::2::3", "12345::", "abc", ""] { #expect(IPAddress(bad) == nil) }
        #expect(IPNetwork("100.64.0.0/10")!.contains(IPAddress("100.127.255.255")!))
        #expect(!IPNetwork("100.64.0.0/10")!.contains(IPAddress("100.128.0.0")!))
        #expect(IPNetwork("fc00::/7")!.contains(IPAddress("fd17:9ed8:64::3b")!))
    }

    @Test func timestampsAreRFC3339() {
        #expect(Timestamp(seconds: 0, nanoseconds: 0).iso8601 == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp(seconds: 1_795_410_031, nanoseconds: 347_123_999).iso8601 == "2026-11-23T05:00:31.347123Z")
        #expect(Timestamp(seconds: 951_782_400, nanoseconds: 0).iso8601 == "2000-02-29T00:00:00.000000Z")
    }
}
