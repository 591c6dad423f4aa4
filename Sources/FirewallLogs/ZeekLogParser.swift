import ProbeHoundCore

/// Zeek `conn.log` and `http.log`, as TSV (columns from the `#fields` header) or JSON. A conn.log
/// row is one connection: ICMP rows carry the type in `id.orig_p` and the code in `id.resp_p`
/// (`orig_pkts` requests); flow logs carry no TTL, so traceroutes show only as port sequences
/// or time-exceeded rows.
public struct ZeekLogParser: LogRecordParser {
    /// Which Zeek log: connections, or HTTP requests.
    public enum Kind: Sendable { case conn, http }

    let kind: Kind
    private var fields = DelimitedFields()
    /// Column of each field we use, from `#fields`; nil until the header is seen (JSON needs none).
    private var columns: [String: Int] = [:]
    private var separator: UInt8 = 9

    /// A parser for one Zeek log file of this kind.
    public init(kind: Kind) {
        self.kind = kind
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        guard line.count > 0 else { return .skipped(.header) }
        if line[0] == 35 { return header(line) }
        if line[0] == 123 { return json(line, into: &o) }
        guard !columns.isEmpty else { return .skipped(.unparsed) }
        fields.split(line, 0..<line.count, on: separator)
        func field(_ name: String) -> Range<Int>? {
            guard let index = columns[name], let range = fields[index], !line.equals("-", range), !line.equals("(empty)", range) else { return nil }
            return range
        }
        var values = Values()
        values.timestamp = field("ts"); values.source = field("id.orig_h"); values.sourcePort = field("id.orig_p")
        values.destination = field("id.resp_h"); values.destinationPort = field("id.resp_p"); values.proto = field("proto")
        values.packets = field("orig_pkts"); values.answers = field("resp_pkts"); values.duration = field("duration"); values.method = field("method"); values.host = field("host")
        values.uri = field("uri"); values.userAgent = field("user_agent")
        return fill(line, values, into: &o)
    }

    private struct Values {
        var timestamp, source, sourcePort, destination, destinationPort, proto, packets, answers, duration, method, host, uri, userAgent: Range<Int>?
    }

    private mutating func header(_ line: Span<UInt8>) -> LineVerdict {
        if line.hasPrefix("#fields", at: 0) {
            fields.split(line, min(8, line.count)..<line.count, on: separator)
            columns.removeAll()
            for index in 0..<fields.count {
                guard let range = fields[index] else { continue }
                for name in ["ts", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "orig_pkts", "resp_pkts", "duration", "method", "host", "uri", "user_agent"]
                where line.equals(name, range) {
                    columns[name] = index
                }
            }
        }
        return .skipped(.header)
    }

    private func json(_ line: Span<UInt8>, into o: inout Observation) -> LineVerdict {
        var values = Values()
        let parsed = JSONScanner.walk(line) { path, value, _ in
            if path.equals("ts") { values.timestamp = value }
            else if path.equals("id.orig_h") { values.source = value }
            else if path.equals("id.orig_p") { values.sourcePort = value }
            else if path.equals("id.resp_h") { values.destination = value }
            else if path.equals("id.resp_p") { values.destinationPort = value }
            else if path.equals("proto") { values.proto = value }
            else if path.equals("orig_pkts") { values.packets = value }
            else if path.equals("resp_pkts") { values.answers = value }
            else if path.equals("duration") { values.duration = value }
            else if path.equals("method") { values.method = value }
            else if path.equals("host") { values.host = value }
            else if path.equals("uri") { values.uri = value }
            else if path.equals("user_agent") { values.userAgent = value }
        }
        guard parsed else { return .skipped(.unparsed) }
        return fill(line, values, into: &o)
    }

    /// A `duration` read as a time since the epoch, in seconds: held to an hour, the longest span a
    /// record may tie probes over (a longer one is an idle-timeout artefact, not a burst).
    private static func seconds(_ span: Timestamp) -> Double {
        min(max(0, span.interval(since: .zero)), 3600)
    }

    private func fill(_ line: Span<UInt8>, _ v: Values, into o: inout Observation) -> LineVerdict {
        guard let sourceRange = v.source, let destinationRange = v.destination,
              let source = line.address(sourceRange), let destination = line.address(destinationRange) else { return .skipped(.unparsed) }
        o.source = source
        o.destination = destination
        if let range = v.timestamp {
            if let time = Timestamp.epoch(line, range) { o.timestamp = time }
            else if let (time, _) = SyslogEnvelope.rfc3339(line, at: range.lowerBound) { o.timestamp = time }
        }
        let sourcePort = v.sourcePort.flatMap { line.integer($0) }
        let destinationPort = v.destinationPort.flatMap { line.integer($0) }
        switch kind {
        case .conn:
            guard let protoRange = v.proto else { return .skipped(.unparsed) }
            if line.equals("icmp", protoRange) {
                o.ipProtocol = source.isIPv6 ? IPProtocolNumber.icmpv6 : IPProtocolNumber.icmp
                o.icmpType = sourcePort.map { UInt8(clamping: $0) }
                o.icmpCode = destinationPort.map { UInt8(clamping: $0) }
            } else if let number = IPProtocolNumber.named(line, protoRange) {
                o.ipProtocol = number
                o.sourcePort = sourcePort.map { UInt16(clamping: $0) }
                o.destinationPort = destinationPort.map { UInt16(clamping: $0) }
            } else {
                return .skipped(.unparsed)
            }
            o.packetCount = Observation.packetCount(v.packets.flatMap { line.integer($0) })
            o.answerCount = min(v.answers.flatMap { line.integer($0) } ?? 0, Observation.maximumPacketCount)
            o.duration = v.duration.flatMap { Timestamp.epoch(line, $0) }.map(ZeekLogParser.seconds) ?? 0
        case .http:
            guard let method = v.method else { return .skipped(.noTraffic) }
            o.ipProtocol = IPProtocolNumber.tcp
            o.sourcePort = sourcePort.map { UInt16(clamping: $0) }
            o.destinationPort = destinationPort.map { UInt16(clamping: $0) }
            var request = HTTPRequest(method: ByteRange(start: method.lowerBound, count: method.count),
                                      target: v.uri.map { ByteRange(start: $0.lowerBound, count: $0.count) } ?? ByteRange(start: 0, count: 0))
            request.host = v.host.map { ByteRange(start: $0.lowerBound, count: $0.count) }
            request.userAgent = v.userAgent.map { ByteRange(start: $0.lowerBound, count: $0.count) }
            o.http = request
        }
        return .observation
    }
}
