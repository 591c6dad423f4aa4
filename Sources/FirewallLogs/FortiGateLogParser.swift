import ProbeHoundCore

/// FortiGate key=value logs: `traffic` (srcip, dstip, srcport, dstport, proto, action, sentpkt,
/// icmptype/icmpcode/icmpid as hex) and `utm`/`webfilter` (hostname, url) records, with `date`+`time`
/// (and `tz`) or `eventtime` (epoch seconds to nanoseconds).
public struct FortiGateLogParser: LogRecordParser {
    private var fields = KeyValueFields()

    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        let start = line.firstIndex(of: "date=", in: 0..<line.count) ?? line.firstIndex(of: "logid=", in: 0..<line.count) ?? 0
        fields.split(line, start..<line.count, valuesMayHoldSpaces: false)
        guard let source = fields.value("srcip", in: line).flatMap({ line.address($0) }),
              let destination = fields.value("dstip", in: line).flatMap({ line.address($0) }) else {
            return fields.value("logid", in: line) != nil ? .skipped(.noTraffic) : .skipped(.unparsed)
        }
        o.source = source
        o.destination = destination
        o.ipProtocol = fields.value("proto", in: line).flatMap { line.integer($0) }.map { UInt8(clamping: $0) } ?? IPProtocolNumber.tcp
        if o.ipProtocol == IPProtocolNumber.icmp || o.ipProtocol == IPProtocolNumber.icmpv6 {
            o.icmpType = fields.value("icmptype", in: line).flatMap { line.integerOrHex($0) }.map { UInt8(clamping: $0) }
            o.icmpCode = fields.value("icmpcode", in: line).flatMap { line.integerOrHex($0) }.map { UInt8(clamping: $0) }
            o.icmpID = fields.value("icmpid", in: line).flatMap { line.integerOrHex($0) }.map { UInt16(clamping: $0) }
            if o.icmpType == nil, let service = fields.value("service", in: line), line.equalsIgnoringCase("ping", service) {
                o.icmpType = source.isIPv6 ? 128 : 8
            }
        } else {
            o.sourcePort = fields.value("srcport", in: line).flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            o.destinationPort = fields.value("dstport", in: line).flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        }
        o.packetCount = Observation.packetCount(fields.value("sentpkt", in: line).flatMap { line.integer($0) })
        if let action = fields.value("action", in: line) {
            if line.equals("deny", action) || line.equals("blocked", action) || line.equals("dropped", action) || line.equals("block", action) {
                o.action = .deny
            } else if line.equals("accept", action) || line.equals("close", action) || line.equals("timeout", action)
                        || line.equals("passthrough", action) || line.equals("server-rst", action) || line.equals("client-rst", action) {
                o.action = .allow
            }
        }
        if let host = fields.value("hostname", in: line) {
            var request = HTTPRequest(method: ByteRange(start: 0, count: 0),
                                      target: fields.value("url", in: line).map { ByteRange(start: $0.lowerBound, count: $0.count) } ?? ByteRange(start: 0, count: 0))
            request.host = ByteRange(start: host.lowerBound, count: host.count)
            request.userAgent = fields.value("agent", in: line).map { ByteRange(start: $0.lowerBound, count: $0.count) }
            o.http = request
        }
        if let nanos = fields.value("eventtime", in: line).flatMap({ line.integer($0) }) {
            // eventtime is seconds, or nanoseconds since FortiOS 6.2.
            o.timestamp = nanos > 100_000_000_000 ? Timestamp(seconds: Int64(nanos / 1_000_000_000), nanoseconds: Int32(nanos % 1_000_000_000))
                                                  : Timestamp(seconds: Int64(nanos), nanoseconds: 0)
        } else if let date = fields.value("date", in: line), let time = fields.value("time", in: line),
                  let stamp = SyslogEnvelope.dateAndTime(line, date: date, time: time) {
            // The device's local time; read as UTC.
            o.timestamp = stamp
        }
        return .observation
    }
}
