import ProbeHoundCore

/// Sophos XG / SFOS key=value logs: firewall records (`log_type="Firewall"`: `src_ip`, `dst_ip`,
/// `protocol`, `src_port`, `dst_port`, `log_subtype`/`status`) and web records (`log_type="Content
/// Filtering"` with `url` and `domain`, as HTTP requests whose headers are not logged). Values may be
/// quoted, empty (`exceptions=`), or hold a leading space. Time: `timestamp` with its offset (SFOS
/// 19+), else `date` and `time` (zone abbreviations such as `IST` are ambiguous and read as UTC).
///
/// ICMP: `icmp_type`/`icmp_code` where written; an allowed ICMP record without a type is an echo
/// request, since on a stateful firewall only queries open connections (errors and answers belong
/// to the connection they answer).
public struct SophosXGLogParser: LogRecordParser {
    private var fields = KeyValueFields()

    public init() {}

    static func looksLikeRecord(_ line: Span<UInt8>) -> Bool {
        let all = 0..<line.count
        return line.firstIndex(of: "log_type=", in: all) != nil && line.firstIndex(of: "log_component=", in: all) != nil
            && (line.firstIndex(of: "device=\"SFW\"", in: all) != nil || line.firstIndex(of: "device_name=", in: all) != nil)
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        let all = 0..<line.count
        let start = line.firstIndex(of: "device", in: all) ?? line.firstIndex(of: "log_", in: all) ?? 0
        fields.split(line, start..<line.count, valuesMayHoldSpaces: false)
        guard fields.value("log_type", in: line) != nil else { return .skipped(.unparsed) }
        guard let source = fields.value("src_ip", in: line).flatMap({ line.address($0) }),
              let destination = fields.value("dst_ip", in: line).flatMap({ line.address($0) }) else { return .skipped(.noTraffic) }
        o.source = source
        o.destination = destination
        let proto = fields.value("protocol", in: line)
        o.ipProtocol = proto.flatMap { line.integer($0).map { UInt8(clamping: $0) } ?? IPProtocolNumber.named(line, $0) } ?? IPProtocolNumber.tcp
        if o.ipProtocol == IPProtocolNumber.icmp && source.isIPv6 { o.ipProtocol = IPProtocolNumber.icmpv6 }
        if let verdict = fields.value("log_subtype", in: line) ?? fields.value("status", in: line) {
            o.action = line.equalsIgnoringCase("denied", verdict) || line.equalsIgnoringCase("deny", verdict) || line.equalsIgnoringCase("drop", verdict)
                || line.equalsIgnoringCase("dropped", verdict) || line.equalsIgnoringCase("blocked", verdict) ? .deny : .allow
        }
        if o.ipProtocol == IPProtocolNumber.icmp || o.ipProtocol == IPProtocolNumber.icmpv6 {
            o.icmpType = fields.value("icmp_type", in: line).flatMap { line.integer($0) }.map { UInt8(clamping: $0) }
            o.icmpCode = fields.value("icmp_code", in: line).flatMap { line.integer($0) }.map { UInt8(clamping: $0) }
            if o.icmpType == nil && o.action != .deny { o.icmpType = o.ipProtocol == IPProtocolNumber.icmp ? 8 : 128 }
        } else {
            o.sourcePort = fields.value("src_port", in: line).flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            o.destinationPort = fields.value("dst_port", in: line).flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        }
        if let url = fields.value("url", in: line) {
            // The URL's path is the request target; `domain` (or the URL's host) the Host.
            let (host, path, _) = line.urlParts(url)
            var request = HTTPRequest(method: ByteRange(start: 0, count: 0), target: ByteRange(start: path.lowerBound, count: path.count))
            let named = fields.value("domain", in: line) ?? host
            request.host = ByteRange(start: named.lowerBound, count: named.count)
            request.headersRecorded = false
            o.http = request
        }
        if let stamp = fields.value("timestamp", in: line), let (time, _) = SyslogEnvelope.rfc3339(line, at: stamp.lowerBound) {
            o.timestamp = time
        } else if let date = fields.value("date", in: line), let time = fields.value("time", in: line),
                  let stamp = SyslogEnvelope.dateAndTime(line, date: date, time: time) {
            o.timestamp = stamp
        } else if let time = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear).timestamp {
            o.timestamp = time
        }
        return .observation
    }
}
