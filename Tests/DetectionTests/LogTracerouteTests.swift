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

    /// A TCP connection record of a log: no TTL, no flags, one record per attempt.
    func connectionRecord(to destination: String, port: UInt16, at seconds: Double, sport: UInt16, line: Int64) -> Observation {
        var o = Make.syn(host, destination, at: seconds, dport: port, sport: sport)
        o.ttl = nil
        o.tcpFlags = nil
        o.origin = Origin(input: 0, index: line)
        return o
    }

    /// `traceroute -T` in an ASA-style log: one-second clocks, so the order of the lines decides.
    /// A lone connection elsewhere just before a time-exceeded is no burst and takes nothing.
    @Test func aTCPBurstInOneSecondGetsTheTimeExceededByLineOrder() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.recordsAreFlows = true
        var records: [Observation] = []
        var line: Int64 = 0
        func next() -> Int64 { line += 1; return line }
        for (hop, router) in ["10.254.209.2", "192.0.2.18", "198.51.100.1"].enumerated() {
            for probe in 0..<3 {
                records.append(connectionRecord(to: "203.0.113.53", port: 80, at: 7, sport: UInt16(41000 + hop * 3 + probe), line: next()))
            }
            if hop == 1 { records.append(connectionRecord(to: "198.51.100.9", port: 443, at: 7, sport: 50000, line: next())) }
            var reply = bareTimeExceeded(router: router, at: 7)
            reply.origin = Origin(input: 0, index: next())
            records.append(reply)
        }
        detector.observeAll(records)
        let traces = try #require(detector.findings().findings.first).traceroutes
        #expect(traces.count == 1)
        #expect(traces.first?.method == .tcp && traces.first?.target == IPAddress("203.0.113.53")!)
        #expect(traces.first?.hops.compactMap { $0?.description } == ["10.254.209.2", "192.0.2.18", "198.51.100.1"])
    }

    /// Zeek conn.log aggregates a router's time-exceeded into one record spanning several seconds,
    /// ordered by start: it answers every burst sent during its span, the ones logged after it too.
    @Test func anAggregatedTimeExceededAnswersEveryBurstInItsSpan() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.recordsAreFlows = true
        var echo = Make.echo(host, "203.0.113.41", at: 0, seq: 1)
        echo.ttl = nil
        echo.packetCount = 9
        echo.duration = 2
        var records = [echo]
        for router in ["10.254.209.2", "192.0.2.18"] {
            var reply = bareTimeExceeded(router: router, at: 0.1)
            reply.packetCount = 6
            reply.duration = 8
            records.append(reply)
        }
        for probe in 0..<6 {
            records.append(connectionRecord(to: "203.0.113.53", port: 80, at: 5 + Double(probe) / 10, sport: UInt16(42000 + probe), line: Int64(10 + probe)))
        }
        detector.observeAll(records)
        let finding = try #require(detector.findings().findings.first)
        let traces = Set(finding.traceroutes.map { "\($0.method.rawValue) \($0.target)" })
        #expect(traces == ["icmp 203.0.113.41", "tcp 203.0.113.53"])
        #expect(finding.traceroutes.allSatisfy { $0.hops.count == 2 })
        #expect(finding.echo == nil, "the echo requests were the ICMP traceroute's probes")
    }

    /// Forged time-exceeded records from ever new "routers" keep the endpoint's state bounded:
    /// the replies kept per series stop at `ProbeSeries.maximumRouterReplies` (1024).
    @Test func aFloodOfTimeExceededIsBounded() throws {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.recordsAreFlows = true
        for index in 0..<5000 {
            detector.observeAll([bareTimeExceeded(router: "198.18.\(index / 250).\(index % 250 + 1)", at: Double(index) / 100)])
        }
        let trace = try #require(detector.findings().findings.first?.traceroutes.first)
        #expect(trace.hops.count == 1024)
    }

    @Test func timeExceededFromInternalRoutersAloneIsNoFinding() {
        var detector = ProbeDetector(config: DetectionConfig())
        detector.recordsAreFlows = true
        detector.observeAll([bareTimeExceeded(router: "192.168.56.1", at: 1), bareTimeExceeded(router: "10.0.0.1", at: 2),
                             bareTimeExceeded(router: "10.0.0.2", at: 3)])
        #expect(detector.findings().findings.isEmpty)
    }
}
