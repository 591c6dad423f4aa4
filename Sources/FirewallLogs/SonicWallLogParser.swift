import ProbeHoundCore

/// SonicWall SonicOS syslog (`id=firewall sn=... time="2019-02-27 12:55:40 UTC" ... m=98
/// msg="Connection Opened" ... src=10.0.0.5:54993:X0 dst=198.51.100.7:443:X1 proto=tcp/https`).
/// Addresses come as `ip:port:interface[:host]` (IPv6 in `srcV6`/`dstV6`), the protocol as `tcp/443`,
/// `udp/dns` or `icmp`; an ICMP record's type is `type=` where SonicOS writes it, else the
/// destination's "port" field (SonicOS writes the type there). Web records (`dstname`, `arg`) are
/// HTTP requests. A site logging both "Connection Opened" (98) and "Connection Closed" (537) has
/// each connection counted once, at its opening; records whose message says dropped, denied or
/// blocked are denials.
public struct SonicWallLogParser: LogRecordParser {
    private var fields = KeyValueFields()
    /// A "Connection Opened" was read: closings then repeat connections already counted.
    private var sawOpenings = false

    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        let all = 0..<line.count
        guard let start = line.firstIndex(of: "id=", in: all), line.firstIndex(of: " sn=", in: start..<line.count) != nil else {
            return .skipped(.unparsed)
        }
        fields.split(line, start..<line.count, valuesMayHoldSpaces: false)
        let message = fields.value("m", in: line).flatMap { line.integer($0) }
        if message == 98 { sawOpenings = true }
        if message == 537 && sawOpenings { return .skipped(.noTraffic) }
        guard let sourceField = fields.value("src", in: line), let destinationField = fields.value("dst", in: line) else {
            return .skipped(.noTraffic)
        }
        let (sourceText, sourcePort) = SonicWallLogParser.endpoint(line, sourceField)
        let (destinationText, destinationPort) = SonicWallLogParser.endpoint(line, destinationField)
        guard let source = fields.value("srcV6", in: line).flatMap({ line.address($0) }) ?? sourceText.flatMap({ line.address($0) }),
              let destination = fields.value("dstV6", in: line).flatMap({ line.address($0) }) ?? destinationText.flatMap({ line.address($0) })
        else { return .skipped(.noTraffic) }
        o.source = source
        o.destination = destination
        let text = fields.value("msg", in: line)
        if let proto = fields.value("proto", in: line) {
            var nameEnd = proto.lowerBound
            while nameEnd < proto.upperBound && line[nameEnd] != 47 { nameEnd += 1 }
            o.ipProtocol = line.integer(proto.lowerBound..<nameEnd).map { UInt8(clamping: $0) } ?? IPProtocolNumber.named(line, proto.lowerBound..<nameEnd) ?? 0
            if nameEnd < proto.upperBound, destinationPort == nil { o.destinationPort = line.integer(nameEnd + 1..<proto.upperBound).map { UInt16(clamping: $0) } }
        } else if let text, let named = ["TCP": IPProtocolNumber.tcp, "UDP": IPProtocolNumber.udp, "ICMP": IPProtocolNumber.icmp].first(where: {
            line.firstIndex(of: $0.key, in: text) != nil
        }) {
            // Drop messages without `proto=` name it ("TCP connection dropped").
            o.ipProtocol = named.value
        } else {
            return .skipped(.noTraffic)
        }
        if o.ipProtocol == IPProtocolNumber.icmp && source.isIPv6 { o.ipProtocol = IPProtocolNumber.icmpv6 }
        if o.ipProtocol == IPProtocolNumber.icmp || o.ipProtocol == IPProtocolNumber.icmpv6 {
            let type = fields.value("type", in: line).flatMap { line.integer($0) } ?? destinationPort.map(Int.init)
            o.icmpType = type.flatMap { $0 <= 255 ? UInt8($0) : nil }
            o.icmpCode = fields.value("icmpCode", in: line).flatMap { line.integer($0) }.map { UInt8(clamping: $0) }
        } else {
            o.sourcePort = sourcePort
            if let destinationPort { o.destinationPort = destinationPort }
        }
        if let text {
            let denied = line.firstIndex(of: "dropped", in: text) != nil || line.firstIndex(of: "denied", in: text) != nil
                || line.firstIndex(of: "blocked", in: text) != nil || line.firstIndex(of: "Dropped", in: text) != nil
            o.action = denied ? .deny : .allow
        }
        if let host = fields.value("dstname", in: line) {
            var request = HTTPRequest(method: ByteRange(start: 0, count: 0),
                                      target: fields.value("arg", in: line).map { ByteRange(start: $0.lowerBound, count: $0.count) } ?? ByteRange(start: 0, count: 0))
            request.host = ByteRange(start: host.lowerBound, count: host.count)
            request.headersRecorded = false
            o.http = request
        }
        if let time = fields.value("time", in: line), let (stamp, _) = SyslogEnvelope.rfc3339(line, at: time.lowerBound) {
            // `2019-02-27 12:55:40 UTC` or the device's local time without a zone: read as UTC.
            o.timestamp = stamp
        } else if let stamp = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear).timestamp {
            o.timestamp = stamp
        }
        return .observation
    }

    /// `10.0.0.5:54993:X0:host` → the address text and port; `:49702:X0` (IPv6 elsewhere) → no address.
    static func endpoint(_ line: Span<UInt8>, _ range: Range<Int>) -> (Range<Int>?, UInt16?) {
        guard let colon = line.firstIndex(of: 58, in: range) else { return (range.isEmpty ? nil : range, nil) }
        var portEnd = colon + 1
        while portEnd < range.upperBound && line[portEnd] != 58 { portEnd += 1 }
        let address = range.lowerBound..<colon
        return (address.isEmpty ? nil : address, line.integer(colon + 1..<portEnd).map { UInt16(clamping: $0) })
    }
}
