import Detection
import ProbeHoundCore
import Testing

@Suite struct FollowUpTests {
    let host = "10.1.2.3"
    let pings: [Observation] = (1...3).map { Make.echo("10.1.2.3", "8.8.8.8", at: Double($0), seq: UInt16($0)) }

    @Test func aConnectionToANewHostAfterProbingIsAFollowUp() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll(pings + [Make.syn(host, "198.51.100.7", at: 60, dport: 443), Make.syn(host, "198.51.100.7", at: 61, dport: 443)])
        let finding = try #require(detector.findings().findings.first)
        let follow = try #require(finding.followUps.first)
        #expect(finding.followUps.count == 1)
        #expect(follow.destination == IPAddress("198.51.100.7")! && follow.destinationPort == 443)
        #expect(follow.novelty == .firstContact && follow.attempts == 2)
        #expect(finding.score == 15 + 15 + 20)
        #expect(finding.reasons.contains("then a connection to a host it had not contacted before: TCP to 198.51.100.7:443, "
                                         + "57 s after a probe, 2 attempts; the input holds only 59 s of history before it (+20)"))
    }

    @Test func aHostContactedBeforeTheProbesIsRoutineOnAnOrdinaryPort() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll([Make.syn(host, "198.51.100.7", at: 0, dport: 443, sport: 1)] + pings
                            + [Make.syn(host, "198.51.100.7", at: 60, dport: 443), Make.syn(host, "198.51.100.7", at: 70, dport: 4444, sport: 2)])
        let finding = try #require(detector.findings().findings.first)
        #expect(finding.followUps.map(\.destinationPort) == [4444])
        #expect(finding.followUps.first?.novelty == .unusualPort)
    }

    @Test func connectionsOutsideTheWindowOrWithoutProbesAreNot() {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.observeAll(pings + [Make.syn(host, "198.51.100.7", at: 400, dport: 443),
                                     Make.syn("10.9.9.9", "198.51.100.8", at: 10, dport: 443)])
        let findings = detector.findings().findings
        #expect(findings.count == 1)
        #expect(findings.first?.followUps.isEmpty == true)
    }
}
