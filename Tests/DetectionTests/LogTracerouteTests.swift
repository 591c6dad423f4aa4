import Detection
import ProbeHoundCore
import Testing

/// Traceroutes in logs that do not quote the probe a time-exceeded answers (ASA, Windows Firewall,
/// Zeek conn): tied to the probe burst by time, and never a finding from internal routers alone.
@Suite struct LogTracerouteTests {
    let host = "192.168.56.59"

    /// A time-exceeded record as such logs give it: the router and the endpoint, nothing quoted.
    func bareTimeExceeded(router: String, at seconds: Double) -> Observation {
        var o = Observation()
        o.timestamp = Make.time(seconds)
        o.source = IPAddress(router)!
        o.destination = IPAddress(host)!
        o.ipProtocol = IPProtocolNumber.icmp
        o.icmpType = 11
        o.icmpCode = 0
        o.ipID = UInt32(seconds * 10)
        return o
    }

    @Test func aUDPBurstGetsItsMethodAndTargetFromTheTimeExceededThatFollow() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.recordsAreFlows = true
        var records: [Observation] = []
        for (index, router) in ["10.254.209.2", "192.0.2.18", "198.51.100.1"].enumerated() {
            let t = Double(index * 2)
            records.append(Make.udp(host, "203.0.113.41", at: t, ttl: nil, sport: 40000, dport: UInt16(33434 + index)))
            records.append(bareTimeExceeded(router: router, at: t + 0.5))
        }
        detector.observeAll(records)
        let finding = try #require(detector.findings().findings.first)
        let trace = try #require(finding.traceroutes.first)
        #expect(trace.method == .udp && trace.target == IPAddress("203.0.113.41")!)
        #expect(trace.basis.contains("tied_by_time"))
        #expect(finding.reasons.contains { $0.contains("tied to the probes by time") })
    }

    @Test func echoRequestsGiveAnICMPTracerouteItsTarget() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.recordsAreFlows = true
        var records: [Observation] = []
        for (index, router) in ["10.254.209.2", "192.0.2.18", "198.51.100.1"].enumerated() {
            var echo = Make.echo(host, "198.51.100.36", at: Double(index), seq: UInt16(index))
            echo.ttl = nil
            records += [echo, bareTimeExceeded(router: router, at: Double(index) + 0.2)]
        }
        detector.observeAll(records)
        let trace = try #require(detector.findings().findings.first?.traceroutes.first)
        #expect(trace.method == .icmp && trace.target == IPAddress("198.51.100.36")!)
    }

    @Test func timeExceededFromInternalRoutersAloneIsNoFinding() {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.recordsAreFlows = true
        detector.observeAll([bareTimeExceeded(router: "192.168.56.1", at: 1), bareTimeExceeded(router: "10.0.0.1", at: 2),
                             bareTimeExceeded(router: "10.0.0.2", at: 3)])
        #expect(detector.findings().findings.isEmpty)
    }
}
