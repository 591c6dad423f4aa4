import Detection
import ProbeHoundCore
import Testing

/// A flood of spoofed one-packet sources under the default bound cannot evict a real prober.
@Suite struct FloodEvictionTests {
    @Test func proberSurvivesAFloodOfSpoofedSourcesUnderTheDefaultBound() {
        let config = DetectionConfig()
        #expect(config.maximumEndpoints == 1_000_000)
        var detector = ProbeDetector(config: config)
        let prober = "192.168.5.20"
        detector.observeAll([Make.echo(prober, "8.8.8.8", at: 1, seq: 1)])
        // 1.1 M spoofed internal sources (10.x.y.z), one echo request each, between the prober's pings.
        let empty: [UInt8] = []
        var flood = Make.echo("10.0.0.1", "8.8.4.4", at: 1.5, seq: 1)
        for i in 0..<1_100_000 {
            flood.source = IPAddress(v4: 0x0A00_0000 | UInt32(i + 1))
            detector.observe(flood, bytes: empty.span)
        }
        detector.observeAll((2...4).map { Make.echo(prober, "8.8.8.8", at: 1.5 + Double($0), seq: UInt16($0)) })
        #expect(detector.endpointCount <= config.maximumEndpoints)
        #expect(detector.notAdmittedCount + detector.evictedCount >= 100_000)
        #expect(detector.evictedFromProtected == 0)
        let finding = detector.findings().findings.first { $0.endpoint.description == prober }
        #expect(finding?.echo?.requests == 4, "the prober's state kept its first ping through the flood")
    }

    @Test func aNewcomerSeenTwiceIsAdmittedOverTheNewestOnProbation() {
        var config = DetectionConfig()
        config.maximumEndpoints = 10
        var detector = ProbeDetector(config: config)
        detector.observeAll((1...10).map { Make.echo("10.0.0.\($0)", "8.8.8.8", at: Double($0), seq: 1) })
        let late = "192.168.9.9"
        detector.observeAll([Make.echo(late, "8.8.8.8", at: 20, seq: 1)])
        #expect(detector.notAdmittedCount == 1)
        detector.observeAll((2...4).map { Make.echo(late, "8.8.8.8", at: 20 + Double($0), seq: UInt16($0)) })
        #expect(detector.evictedFromProbation == 1)
        #expect(detector.findings().findings.contains { $0.endpoint.description == late })
    }
}
