public import ProbeHoundCore

/// `--emit observations`: one JSON object per decoded packet or log record, the tool's counterpart
/// of `tshark -T fields` (DESIGN.md, "Observation").
public enum ObservationJSON {
    /// One observation as an ndjson line (`--emit observations`), its text fields copied from `bytes` and escaped.
    public static func line(_ observation: Observation, bytes: Span<UInt8>, inputName: String, originUnit: String = "frame") -> String {
        var json = JSONWriter()
        json.field("ts", observation.timestamp.iso8601)
        json.field("src", observation.source.description)
        json.field("dst", observation.destination.description)
        json.field("proto", IPProtocolNumber.name(observation.ipProtocol))
        json.field("ttl", observation.ttl.map(Int.init))
        json.field("icmp_type", observation.icmpType.map(Int.init))
        json.field("icmp_code", observation.icmpCode.map(Int.init))
        json.field("icmp_id", observation.icmpID.map(Int.init))
        json.field("icmp_seq", observation.icmpSequence.map(Int.init))
        json.field("sport", observation.sourcePort.map(Int.init))
        json.field("dport", observation.destinationPort.map(Int.init))
        json.field("tcp_flags", observation.tcpFlags.map { flagText($0) })
        json.field("length", observation.length)
        if let http = observation.http {
            var h = JSONWriter()
            h.field("method", http.method.string(in: bytes))
            h.field("host", http.host?.string(in: bytes))
            h.field("path", http.target.string(in: bytes))
            h.field("user_agent", http.userAgent?.string(in: bytes))
            h.field("headers", http.headerCount)
            json.field("http", raw: h.object)
        } else {
            json.field("http", raw: "null")
        }
        let query = observation.dns.flatMap { $0.isResponse ? nil : $0.nameString(in: bytes) } ?? observation.queryName?.string(in: bytes)
        json.field("dns_query", query)
        json.field("tls_sni", observation.tlsServerName?.string(in: bytes))
        json.field("action", observation.action?.rawValue)
        if let inner = observation.inner {
            var q = JSONWriter()
            q.field("src", inner.source.description)
            q.field("dst", inner.destination.description)
            q.field("proto", IPProtocolNumber.name(inner.ipProtocol))
            q.field("ttl", Int(inner.ttl))
            q.field("sport", inner.sourcePort.map(Int.init))
            q.field("dport", inner.destinationPort.map(Int.init))
            q.field("icmp_id", inner.icmpID.map(Int.init))
            q.field("icmp_seq", inner.icmpSequence.map(Int.init))
            json.field("inner", raw: q.object)
        }
        if let process = observation.process {
            var p = JSONWriter()
            p.field("action", String(describing: process.action))
            p.field("host", process.text(process.host, in: bytes))
            p.field("image", process.text(process.image, in: bytes))
            p.field("command_line", process.text(process.commandLine, in: bytes))
            p.field("user", process.text(process.user, in: bytes))
            p.field("parent_image", process.text(process.parentImage, in: bytes))
            p.field("pid", process.processID)
            json.field("process", raw: p.object)
        }
        if let tunnel = observation.tunnel { json.field("tunnel", raw: tunnelObject(tunnel)) }
        if observation.isPartial { json.field("partial", true) }
        if observation.packetCount != 1 { json.field("packets", observation.packetCount) }
        var origin = JSONWriter()
        origin.field("file", inputName)
        origin.field(originUnit, Int(observation.origin.index))
        json.field("origin", raw: origin.object)
        return json.object
    }

    /// `{"type":"vxlan","outer_src":...,"outer_dst":...,"id":123}`, for observations and findings alike.
    static func tunnelObject(_ tunnel: Tunnel) -> String {
        var t = JSONWriter()
        t.field("type", tunnel.kind.name)
        t.field("outer_src", tunnel.outerSource?.description)
        t.field("outer_dst", tunnel.outerDestination?.description)
        t.field("id", tunnel.identifier.map(Int.init))
        return t.object
    }

    static func flagText(_ flags: TCPFlags) -> String {
        var text = ""
        if flags.contains(.syn) { text += "S" }
        if flags.contains(.fin) { text += "F" }
        if flags.contains(.rst) { text += "R" }
        if flags.contains(.psh) { text += "P" }
        if flags.contains(.ack) { text += "A" }
        if flags.contains(.urg) { text += "U" }
        return text
    }
}
