import Detection
import Foundation
import ProbeHoundCore
import Testing

/// The scoring model of issue 14, rule by rule: what a person or script does to check its way out
/// ranks above OS and app housekeeping.
@Suite struct ScoringModelTests {
    let host = "192.168.7.20"

    @Test func aPingProgramAimedAtAPublicResolverIsMedium() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll((1...4).map { Make.echo(host, "8.8.8.8", at: Double($0), seq: UInt16($0), payload: .windowsAlphabet) })
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.score == ScoreRule.echo.points + ScoreRule.echoReachabilityTarget.points + ScoreRule.echoPingProgram.points)
        #expect(finding.severity == .medium)
        #expect(finding.reasons.contains("the requests carry windows-ping's payload: a ping run by a person or a script (+15)"))
    }

    @Test func aPingProgramAtAnyExternalHostIsAtLeastMedium() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll((1...4).map { Make.echo(host, "93.184.216.34", at: Double($0), seq: UInt16($0), payload: .iputils) })
        #expect(try #require(detector.findings().findings.first).severity == .medium)
    }

    @Test func anAppsLatencyPingsToItsOwnServersStayLowAndTheirConnectionsScoreNothing() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        let servers = ["198.51.100.10", "198.51.100.11", "198.51.100.12"]
        detector.observeAll(servers.enumerated().flatMap { index, server in
            (1...3).map { Make.echo(host, server, at: Double(index * 3 + $0), seq: UInt16($0)) }
        } + [Make.syn(host, "198.51.100.10", at: 20, dport: 27015)])
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.severity == .low)
        #expect(finding.followUps.count == 1)
        #expect(finding.reasons.contains { $0.hasSuffix("(not scored: beside OS or app housekeeping only)") })
    }

    @Test func aRemoteSourcePingingInIsCappedLow() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        // Public addresses on both sides; the requests arrive with TTL 125: 3 hops from 128.
        detector.observeAll((1...6).map { Make.echo("12.34.133.228", "12.34.\($0).2", at: Double($0), ttl: 125, seq: 1, payload: .windowsAlphabet) })
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.score == ScoreRule.remoteSourceCap.points && finding.severity == .low)
        #expect(finding.reasons.last?.hasPrefix("capped: 12.34.133.228 is on no internal network") == true)
    }

    @Test func theReadmeScoreTableIsTheCodes() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(ScoreRule.markdownTable), "regenerate the README's score table from ScoreRule.markdownTable")
    }
}
