import Detection
import FirewallLogs
import ProbeHoundCore
import Testing

/// The proxy-discovery kind on a capture of real tools (`Scripts/capture-proxy-discovery`: dig,
/// curl, Squid, dnsmasq): the host that looked for its proxy by hand and tried two proxies is
/// flagged with what it did; the host that did only what Windows does on every network is not.
@Suite struct ProxyDiscoveryTests {
    @Test func theProberIsFlaggedWithEachStepAndTheDeskIsNot() throws {
        let run = CaptureRun("proxy_discovery.pcap")
        #expect(run.summary.skipped.total == 0)
        let prober = try #require(run.finding(for: "10.78.0.10"))
        #expect(prober.kinds.contains(.proxy) && prober.kinds.contains(.httpGet))
        let steps = prober.sections.flatMap { section -> [ProxyProbe] in
            guard case .proxies(let steps) = section else { return [] }
            return steps
        }
        #expect(steps.filter { $0.action == .wpadLookup }.map(\.detail) == ["wpad.corp.example"])
        #expect(Set(steps.filter { $0.action == .autoConfigFetch }.map(\.detail))
                == ["GET http://wpad.corp.example/wpad.dat", "GET http://10.78.0.1/proxy.pac"])
        let proxies = steps.filter { $0.action == .proxyRequest }
        #expect(Set(proxies.map { $0.server.withPort($0.port) }) == ["10.78.0.1:3128", "10.78.0.1:8080"])
        #expect(proxies.allSatisfy { $0.tool == "curl" && $0.count == 2 })
        #expect(prober.reasons.contains { $0.hasPrefix("requests in proxy form to 2 proxies") && $0.hasSuffix("(+\(ScoreRule.proxyCandidates.points))") })
        #expect(prober.reasons.contains { $0.contains("wpad.dat") && $0.hasSuffix("(+\(ScoreRule.proxyAutoConfigScripted.points))") })
        // The look-ups and fetches are evidence frames too.
        #expect(prober.evidence.map(\.index).contains(15) && prober.evidence.map(\.index).contains(20))
        #expect(run.finding(for: "10.78.0.20") == nil, "a WPAD look-up and the OS's own wpad.dat fetch are what Windows does")
    }

    @Test func proxyEvidenceReachesEveryOutputAsLines() throws {
        let prober = try #require(CaptureRun("proxy_discovery.pcap").finding(for: "10.78.0.10"))
        let lines = prober.evidenceLines.filter { $0.kind == "proxy" }
        #expect(lines.count == 5)
        #expect(lines.contains { $0.summary == "2 requests to proxy 10.78.0.1:8080 (curl), the first GET http://ifconfig.me/ip" })
        #expect(lines.flatMap(\.rows).contains { $0.method == "dns" && $0.port == "53" && $0.detail == "wpad_lookup: wpad.corp.example" })
    }

    @Test func squidsOwnLogOfTheRunShowsTheLookupsThroughTheProxy() throws {
        let (_, findings, failures) = LogRunTests.run([CaptureRun.capturesDirectory + "/logs/squid_proxy_discovery.access.log"], format: .squid)
        #expect(failures.isEmpty)
        let finding = try #require(findings.first { $0.endpoint.description == "10.78.0.10" })
        #expect(finding.httpGets.map(\.host) == ["api.ipify.org", "icanhazip.com"] && finding.httpGets.allSatisfy(\.viaProxy))
        // Every record of a proxy's log is a request a proxy received: no proxy-discovery step.
        #expect(!finding.kinds.contains(.proxy))
    }
}
