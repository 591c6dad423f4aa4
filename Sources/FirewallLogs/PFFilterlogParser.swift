import ProbeHoundCore

/// pfSense / OPNsense `filterlog` CSV (the format documented in pfSense's filter.log reference):
/// rule, sub-rule, anchor, tracker, interface, reason, action, direction, IP version, then the IPv4
/// (tos, ecn, ttl, id, offset, flags, proto id, proto, length, src, dst) or IPv6 (class, flow label,
/// hop limit, proto, proto id, length, src, dst) fields, then the protocol's own.
public struct PFFilterlogParser: LogRecordParser {
    private var fields = DelimitedFields()

    public init() {}

    /// OPNsense's unbound query log: `unbound[pid]: [a:b] info: CLIENT NAME. TYPE CLASS`.
    private func unboundQuery(_ line: Span<UInt8>, _ body: Range<Int>, into o: inout Observation) -> LineVerdict {
        guard let info = line.firstIndex(of: " info: ", in: body) else { return .skipped(.noTraffic) }
        var words = DelimitedFields()
        words.split(line, info + 7..<line.count, on: 32, collapseSpaces: true)
        guard words.count >= 3, let client = words[0].flatMap({ line.address($0) }), var name = words[1] else { return .skipped(.noTraffic) }
        if name.count > 1 && line[name.upperBound - 1] == 46 { name = name.lowerBound..<name.upperBound - 1 }
        o.source = client
        o.destination = client.isIPv6 ? IPAddress(v6High: 0, low: 0) : IPAddress(v4: 0)
        o.ipProtocol = IPProtocolNumber.udp
        o.destinationPort = 53
        o.queryName = ByteRange(start: name.lowerBound, count: name.count)
        return .observation
    }

    public mutating func parse(_ line: Span<UInt8>, into observation: inout Observation, context: LogContext) -> LineVerdict {
        let envelope = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear)
        if let time = envelope.timestamp { observation.timestamp = time }
        let body = envelope.bodyStart..<line.count
        if line.firstIndex(of: " unbound[", in: body) != nil || line.hasPrefix("unbound[", at: body.lowerBound) {
            return unboundQuery(line, body, into: &observation)
        }
        guard let tag = line.firstIndex(of: "filterlog", in: body),
              let firstComma = line.firstIndex(of: 44, in: tag..<line.count) else { return .skipped(.unparsed) }
        // The CSV starts at the word holding the first comma (after `filterlog[pid]: ` or RFC 5424's `filterlog PID - [sd] `).
        var csvStart = firstComma
        while csvStart > tag && line[csvStart - 1] != 32 { csvStart -= 1 }
        fields.split(line, csvStart..<line.count, on: 44)
        guard fields.count >= 9, let versionRange = fields[8] else { return .skipped(.unparsed) }
        if let action = fields[6] {
            if line.equals("block", action) || line.equals("reject", action) { observation.action = .deny }
            else if line.equals("pass", action) { observation.action = .allow }
        }
        let version = line.integer(versionRange)
        let protoIndex: Int, sourceIndex: Int
        if version == 4 {
            guard fields.count >= 20 else { return .skipped(.unparsed) }
            observation.ttl = fields[11].flatMap { line.integer($0) }.map { UInt8(clamping: $0) }
            observation.ipID = fields[12].flatMap { line.integer($0) }.map { UInt32(clamping: $0) }
            protoIndex = 15
            sourceIndex = 18
            observation.length = fields[17].flatMap { line.integer($0) } ?? 0
        } else if version == 6 {
            guard fields.count >= 17 else { return .skipped(.unparsed) }
            observation.ttl = fields[11].flatMap { line.integer($0) }.map { UInt8(clamping: $0) }
            protoIndex = 13
            sourceIndex = 15
            observation.length = fields[14].flatMap { line.integer($0) } ?? 0
        } else {
            return .skipped(.unparsed)
        }
        guard let protoRange = fields[protoIndex], let proto = line.integer(protoRange),
              let source = fields[sourceIndex].flatMap({ line.address($0) }),
              let destination = fields[sourceIndex + 1].flatMap({ line.address($0) }) else { return .skipped(.unparsed) }
        observation.ipProtocol = UInt8(clamping: proto)
        observation.source = source
        observation.destination = destination
        let data = sourceIndex + 2
        switch observation.ipProtocol {
        case IPProtocolNumber.tcp, IPProtocolNumber.udp:
            observation.sourcePort = fields[data].flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            observation.destinationPort = fields[data + 1].flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            if observation.ipProtocol == IPProtocolNumber.tcp, let flags = fields[data + 3] {
                observation.tcpFlags = tcpFlags(letters: line, flags)
            }
        case IPProtocolNumber.icmp, IPProtocolNumber.icmpv6:
            guard let kind = fields[data] else { break }
            let v6 = observation.ipProtocol == IPProtocolNumber.icmpv6
            if line.equals("request", kind) {
                observation.icmpType = v6 ? 128 : 8
                observation.icmpID = fields[data + 1].flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
                observation.icmpSequence = fields[data + 2].flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            } else if line.equals("reply", kind) {
                observation.icmpType = v6 ? 129 : 0
                observation.icmpID = fields[data + 1].flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
                observation.icmpSequence = fields[data + 2].flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            } else if line.equals("timexceed", kind) {
                observation.icmpType = v6 ? 3 : 11
            } else if line.hasPrefix("unreach", at: kind.lowerBound) {
                observation.icmpType = v6 ? 1 : 3
                if line.equals("unreachport", kind) { observation.icmpCode = v6 ? 4 : 3 }
            } else if let number = line.integer(kind) {
                observation.icmpType = UInt8(clamping: number)
            }
        default:
            break
        }
        return .observation
    }
}
