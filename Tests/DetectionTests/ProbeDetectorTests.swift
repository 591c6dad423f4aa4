import Detection
import ProbeHoundCore
import Testing

@Suite struct ProbeDetectorTests {
    let host = "10.1.2.3"

    @Test func threeEchoRequestsToOneExternalHostAreFlagged() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll((1...3).map { Make.echo(host, "8.8.8.8", at: Double($0), seq: UInt16($0)) })
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.kindNames == ["icmp_echo"])
        #expect(finding.echo?.requests == 3)
    }

    @Test func twoRequestsToOneHostAreNot() {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll((1...2).map { Make.echo(host, "8.8.8.8", at: Double($0), seq: UInt16($0)) })
        #expect(detector.findings().findings.isEmpty)
    }

    @Test func twoTargetsAreEnough() {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll([Make.echo(host, "8.8.8.8", at: 1, seq: 1), Make.echo(host, "1.1.1.1", at: 2, seq: 2)])
        #expect(detector.findings().findings.first?.echo?.targets.count == 2)
    }

    @Test func requestsOutsideTheWindowDoNotAddUp() {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll([0.0, 700, 1400].enumerated().map { Make.echo(host, "8.8.8.8", at: $0.element, seq: UInt16($0.offset)) })
        #expect(detector.findings().findings.isEmpty)
    }

    @Test func internalTargetsDoNotCount() {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll((1...10).map { Make.echo(host, "10.1.2.\($0)", at: Double($0), seq: UInt16($0)) })
        #expect(detector.findings().findings.isEmpty)
        #expect(detector.endpointCount == 0)
    }

    @Test func duplicateCopiesCountOnce() {
        var detector = ProbeDetector(config: DetectionConfig())
        let ping = Make.echo(host, "8.8.8.8", at: 1, seq: 1)
        var copy = ping
        copy.ttl = 63
        detector.observeAll([ping, copy, copy, Make.echo(host, "8.8.8.8", at: 2, seq: 2)])
        #expect(detector.findings().findings.isEmpty)
        #expect(detector.duplicatesDropped == 2)
    }

    @Test func ttlStaircaseIsATracerouteNotPings() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        var probes: [Observation] = []
        for ttl in 1...6 { for q in 0..<3 { probes.append(Make.echo(host, "203.0.113.9", at: Double(ttl), ttl: UInt8(ttl), seq: UInt16(ttl * 3 + q))) } }
        // ordinary traffic to the same host afterwards must not stretch the staircase
        probes.append(Make.echo(host, "203.0.113.9", at: 20, ttl: 64, seq: 100))
        detector.observeAll(probes)
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.kindNames == ["traceroute"])
        let trace = try #require(finding.traceroutes.first)
        #expect(trace.method == .icmp && trace.maxTTL == 6 && trace.probes == 18)
    }

    @Test func staircaseNeedsALowStart() {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll((5...9).map { Make.udp(host, "203.0.113.9", at: Double($0), ttl: UInt8($0), sport: 4000, dport: UInt16(20000 + $0)) })
        #expect(detector.findings().findings.isEmpty)
    }

    @Test func routersAloneRevealATraceroute() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        let probe1 = Make.udp(host, "198.51.100.7", at: 1, ttl: 40, sport: 5000, dport: 40001)
        let probe2 = Make.udp(host, "198.51.100.7", at: 2, ttl: 40, sport: 5000, dport: 40002)
        detector.observeAll([Make.timeExceeded(router: "192.0.2.1", about: probe1, at: 1.1),
                             Make.timeExceeded(router: "192.0.2.2", about: probe2, at: 2.1)])
        let trace = try #require(detector.findings().findings.first?.traceroutes.first)
        #expect(trace.basis == ["time_exceeded"])
        #expect(trace.hops.compactMap { $0?.description } == ["192.0.2.1", "192.0.2.2"])
        #expect(detector.findings().findings.count == 1, "the routers are not probers")
    }

    @Test func hopsArePlacedByTheProbeTTL() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        let probes = (1...4).map { Make.udp(host, "198.51.100.7", at: Double($0), ttl: UInt8($0), sport: 5000, dport: UInt16(33433 + $0)) }
        detector.observeAll(probes)
        detector.observeAll([Make.timeExceeded(router: "10.0.0.1", about: probes[0], at: 1.1),
                             Make.timeExceeded(router: "192.0.2.9", about: probes[2], at: 3.1)])
        let trace = try #require(detector.findings().findings.first?.traceroutes.first)
        #expect(trace.hops.map { $0?.description } == ["10.0.0.1", nil, "192.0.2.9"])
        #expect(trace.tool == "traceroute")
    }

    @Test func consecutiveTracerouteSessionsWithoutTTL() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll((0..<3).map { Make.udp(host, "198.51.100.7", at: 1 + Double($0) / 10, ttl: nil, sport: 40000, dport: UInt16(33434 + $0)) })
        let trace = try #require(detector.findings().findings.first?.traceroutes.first)
        #expect(trace.basis == ["port_sequence"])
        #expect(trace.maxTTL == nil)
    }

    @Test func allowlistedSourcesAreSuppressedAndCounted() {
        var config = DetectionConfig()
        config.allowlist.sources = [IPNetwork("10.1.0.0/16")!]
        var detector = ProbeDetector(config: config)
        detector.observeAll((1...3).map { Make.echo(host, "8.8.8.8", at: Double($0), seq: UInt16($0)) })
        #expect(detector.findings().findings.isEmpty)
        #expect(detector.findings().suppressed.count == 1)
    }

    @Test func allowlistedTargetsAndToolsAreLeftOutAndSaidSo() throws {
        var config = DetectionConfig()
        try ConfigFile.apply("allowlist_targets = 8.8.8.8/32\nallowlist_tools = traceroute", to: &config)
        var detector = ProbeDetector(config: config)
        detector.observeAll((1...3).map { Make.echo(host, "8.8.8.8", at: Double($0), seq: UInt16($0)) }
                            + (1...3).map { Make.echo(host, "1.1.1.1", at: 3 + Double($0), seq: UInt16(10 + $0)) })
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.echo?.targets == [IPAddress("1.1.1.1")!])
        #expect(finding.reasons.last == "left out as allowlisted: pings to 8.8.8.8")
        let probes = (1...4).map { Make.udp(host, "198.51.100.7", at: 10 + Double($0), ttl: UInt8($0), sport: 40000, dport: 33433 + UInt16($0)) }
        detector.observeAll(probes)
        let later = try #require(detector.findings().findings.first)
        #expect(later.traceroutes.isEmpty)
        #expect(later.reasons.last?.contains("udp traceroute to 198.51.100.7 (traceroute)") == true)
    }

    @Test func aFindingWhoseEveryProbeIsAllowlistedIsSuppressedNotLost() throws {
        var config = DetectionConfig()
        config.allowlist.targets = [IPNetwork("8.8.8.0/24")!]
        var detector = ProbeDetector(config: config)
        detector.observeAll((1...3).map { Make.echo(host, "8.8.8.8", at: Double($0), seq: UInt16($0)) })
        let (findings, suppressed) = detector.findings()
        #expect(findings.isEmpty)
        #expect(suppressed.first?.suppressedBy?.hasPrefix("every probe allowlisted") == true)
        #expect(suppressed.first?.echo?.targets == [IPAddress("8.8.8.8")!])
    }

    @Test func stateIsBoundedAndQualifiedEvictionsAreKept() {
        var config = DetectionConfig()
        config.maximumEndpoints = 100
        var detector = ProbeDetector(config: config)
        // The real prober goes first, then a flood of one-ping spoofed sources pushes it out.
        detector.observeAll((1...3).map { Make.echo(host, "8.8.8.8", at: Double($0), seq: UInt16($0)) })
        for i in 0..<5000 {
            detector.observeAll([Make.echo("100.\(i / 250).\(i % 250).1", "8.8.4.4", at: 10 + Double(i) / 1000, seq: 1)])
        }
        #expect(detector.endpointCount <= 100)
        #expect(detector.evictedCount + detector.notAdmittedCount >= 4900)
        #expect(detector.findings().findings.map(\.endpoint.description) == [host])
    }
}
