import ProbeHoundCore

/// Juniper NetScreen / ScreenOS (SSG, ISG) traffic logs: `NetScreen device_id=...
/// [Root]system-notification-00257(traffic): start_time="2015-11-11 10:02:10" duration=0 ...
/// proto=6 ... action=Permit ... src=10.0.0.5 dst=198.51.100.7 src_port=1732 dst_port=443` — one
/// record per session, written when it ends; ICMP sessions name their type (`icmp type=8`). The time
/// is the session's `start_time` (the device's clock, read as UTC), else the syslog header's.
public struct NetScreenLogParser: LogRecordParser {
    private var fields = KeyValueFields()

    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        let all = 0..<line.count
        guard let marker = line.firstIndex(of: "(traffic):", in: all) else {
            return line.firstIndex(of: "NetScreen device_id=", in: all) != nil || line.firstIndex(of: "Netscreen device_id=", in: all) != nil
                ? .skipped(.noTraffic) : .skipped(.unparsed)
        }
        fields.split(line, marker + 10..<line.count, valuesMayHoldSpaces: false)
        guard let source = fields.value("src", in: line).flatMap({ line.address($0) }),
              let destination = fields.value("dst", in: line).flatMap({ line.address($0) }) else { return .skipped(.noTraffic) }
        o.source = source
        o.destination = destination
        o.ipProtocol = fields.value("proto", in: line).flatMap { line.integer($0) }.map { UInt8(clamping: $0) } ?? 0
        if o.ipProtocol == IPProtocolNumber.icmp || o.ipProtocol == IPProtocolNumber.icmpv6 {
            // `icmp type=8`: the pair's key is `type` once `icmp` (a word without `=`) is passed.
            o.icmpType = fields.value("type", in: line).flatMap { line.integer($0) }.map { UInt8(clamping: $0) }
        } else {
            // Tunnelled sessions write `src_port=(1254)`.
            o.sourcePort = fields.value("src_port", in: line).flatMap { NetScreenLogParser.port(line, $0) }
            o.destinationPort = fields.value("dst_port", in: line).flatMap { NetScreenLogParser.port(line, $0) }
        }
        if let action = fields.value("action", in: line) {
            o.action = line.equalsIgnoringCase("deny", action) || line.equalsIgnoringCase("reject", action) || line.equalsIgnoringCase("drop", action)
                ? .deny : .allow
        }
        let envelope = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear)
        if let start = fields.value("start_time", in: line), let (time, _) = SyslogEnvelope.rfc3339(line, at: start.lowerBound) {
            o.timestamp = time
        } else if let time = envelope.timestamp {
            o.timestamp = time
        }
        return .observation
    }

    static func port(_ line: Span<UInt8>, _ range: Range<Int>) -> UInt16? {
        var digits = range
        if digits.count >= 2 && line[digits.lowerBound] == 40 && line[digits.upperBound - 1] == 41 {
            digits = digits.lowerBound + 1..<digits.upperBound - 1
        }
        return line.integer(digits).map { UInt16(clamping: $0) }
    }
}
