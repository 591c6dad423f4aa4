import Detection
import ProbeHoundCore

/// Builds observations the way the decoders would, for detector tests.
enum Make {
    static func time(_ seconds: Double) -> Timestamp {
        Timestamp(seconds: Int64(seconds), nanoseconds: Int32((seconds - seconds.rounded(.down)) * 1e9))
    }

    static func echo(_ src: String, _ dst: String, at seconds: Double, ttl: UInt8 = 64, id: UInt16 = 1, seq: UInt16, ipID: UInt32? = nil,
                     payload: ICMPPayloadPattern? = nil) -> Observation {
        var o = Observation()
        o.timestamp = time(seconds)
        o.source = IPAddress(src)!
        o.destination = IPAddress(dst)!
        o.ipProtocol = o.source.isIPv6 ? IPProtocolNumber.icmpv6 : IPProtocolNumber.icmp
        o.icmpType = o.source.isIPv6 ? 128 : 8
        o.icmpCode = 0
        o.icmpID = id
        o.icmpSequence = seq
        o.ttl = ttl
        o.ipID = ipID ?? UInt32(seq)
        o.icmpPayload = payload
        return o
    }

    static func udp(_ src: String, _ dst: String, at seconds: Double, ttl: UInt8?, sport: UInt16, dport: UInt16) -> Observation {
        var o = Observation()
        o.timestamp = time(seconds)
        o.source = IPAddress(src)!
        o.destination = IPAddress(dst)!
        o.ipProtocol = IPProtocolNumber.udp
        o.ttl = ttl
        o.sourcePort = sport
        o.destinationPort = dport
        o.ipID = ttl == nil ? nil : UInt32(dport)
        return o
    }

    static func syn(_ src: String, _ dst: String, at seconds: Double, dport: UInt16, sport: UInt16 = 40000) -> Observation {
        var o = Observation()
        o.timestamp = time(seconds)
        o.source = IPAddress(src)!
        o.destination = IPAddress(dst)!
        o.ipProtocol = IPProtocolNumber.tcp
        o.ttl = 64
        o.sourcePort = sport
        o.destinationPort = dport
        o.tcpFlags = .syn
        o.tcpSequence = UInt32(sport) << 8
        o.ipID = UInt32(sport)
        return o
    }

    static func timeExceeded(router: String, about probe: Observation, at seconds: Double) -> Observation {
        var o = Observation()
        o.timestamp = time(seconds)
        o.source = IPAddress(router)!
        o.destination = probe.source
        o.ipProtocol = IPProtocolNumber.icmp
        o.icmpType = 11
        o.icmpCode = 0
        o.ttl = 64
        o.ipID = UInt32.random(in: 0...65535)
        var inner = QuotedPacket(source: probe.source, destination: probe.destination, ipProtocol: probe.ipProtocol, ttl: 1)
        inner.ipID = probe.ipID
        inner.sourcePort = probe.sourcePort
        inner.destinationPort = probe.destinationPort
        inner.icmpID = probe.icmpID
        inner.icmpSequence = probe.icmpSequence
        o.inner = inner
        return o
    }
}

extension ProbeDetector {
    mutating func observeAll(_ observations: [Observation]) {
        let empty: [UInt8] = []
        for o in observations { observe(o, bytes: empty.span) }
    }
}
