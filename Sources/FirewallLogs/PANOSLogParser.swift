import ProbeHoundCore

/// Palo Alto Networks PAN-OS syslog CSV: TRAFFIC records (source, destination, ports, protocol,
/// application, action, packets sent) and THREAT `url` records (the URL filter's host/path). ICMP
/// carries no type; the `ping` application marks echo requests.
public struct PANOSLogParser: LogRecordParser {
    private var fields = DelimitedFields()

    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        let envelope = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear)
        // The CSV begins at the word holding the first comma (after the syslog host).
        guard let firstComma = line.firstIndex(of: 44, in: envelope.bodyStart..<line.count) else { return .skipped(.unparsed) }
        var start = firstComma
        while start > envelope.bodyStart && line[start - 1] != 32 { start -= 1 }
        fields.split(line, start..<line.count, on: 44, quoted: true)
        guard fields.count > 30, let type = fields[3] else { return .skipped(.unparsed) }
        let isTraffic = line.equals("TRAFFIC", type)
        let isURL = line.equals("THREAT", type) && fields[4].map { line.equals("url", $0) } == true
        guard isTraffic || isURL else { return .skipped(.noTraffic) }
        guard let source = fields[7].flatMap({ line.address($0) }), let destination = fields[8].flatMap({ line.address($0) }),
              let protoRange = fields[29], let proto = IPProtocolNumber.named(line, protoRange) else { return .skipped(.unparsed) }
        o.source = source
        o.destination = destination
        o.ipProtocol = proto == IPProtocolNumber.icmp && source.isIPv6 ? IPProtocolNumber.icmpv6 : proto
        if let generated = fields[6] { o.timestamp = PANOSLogParser.time(line, generated) ?? envelope.timestamp ?? o.timestamp }
        if proto == IPProtocolNumber.tcp || proto == IPProtocolNumber.udp {
            o.sourcePort = fields[24].flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            o.destinationPort = fields[25].flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        } else if let application = fields[14], line.equals("ping", application) {
            o.icmpType = o.ipProtocol == IPProtocolNumber.icmpv6 ? 128 : 8
        }
        if let action = fields[30] {
            o.action = line.equals("allow", action) || line.equals("alert", action) ? .allow
                : (line.equals("deny", action) || line.equals("drop", action) || line.hasPrefix("reset", at: action.lowerBound)
                   || line.equals("block-url", action) || line.equals("block", action)) ? .deny : nil
        }
        if isTraffic {
            o.packetCount = Observation.packetCount(fields[44].flatMap { line.integer($0) })
        } else if let url = fields[31] {
            let slash = line.firstIndex(of: 47, in: url) ?? url.upperBound
            var request = HTTPRequest(method: ByteRange(start: 0, count: 0), target: ByteRange(start: slash, count: url.upperBound - slash))
            request.host = ByteRange(start: url.lowerBound, count: slash - url.lowerBound)
            o.http = request
        }
        return .observation
    }

    /// `2018/11/30 16:09:09` (the firewall's local time, read as UTC).
    static func time(_ line: Span<UInt8>, _ range: Range<Int>) -> Timestamp? {
        guard range.count >= 19, line[range.lowerBound + 4] == 47,
              let year = line.integer(range.lowerBound..<range.lowerBound + 4),
              let month = line.integer(range.lowerBound + 5..<range.lowerBound + 7),
              let day = line.integer(range.lowerBound + 8..<range.lowerBound + 10),
              let (seconds, nanos, _) = SyslogEnvelope.clock(line, at: range.lowerBound + 11) else { return nil }
        return Timestamp(year: Int64(year), month: Int64(month), day: Int64(day), secondOfDay: seconds, nanoseconds: nanos)
    }
}
