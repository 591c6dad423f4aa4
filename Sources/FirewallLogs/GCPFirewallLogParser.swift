import ProbeHoundCore

/// Google Cloud firewall rule logs (one JSON entry per line, as exported): `jsonPayload.connection`
/// (src_ip, dest_ip, src_port, dest_port, protocol by number or name), `jsonPayload.disposition`
/// (ALLOWED/DENIED), `timestamp`. Connection records carry no TTL or ICMP type.
public struct GCPFirewallLogParser: LogRecordParser {
    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        var source: IPAddress? = nil, destination: IPAddress? = nil, proto: UInt8? = nil
        let parsed = JSONScanner.walk(line) { path, value, _ in
            if path.hasSuffix("jsonPayload.connection.src_ip") { source = line.address(value) }
            else if path.hasSuffix("jsonPayload.connection.dest_ip") { destination = line.address(value) }
            else if path.hasSuffix("jsonPayload.connection.src_port") { o.sourcePort = line.integer(value).map { UInt16(clamping: $0) } }
            else if path.hasSuffix("jsonPayload.connection.dest_port") { o.destinationPort = line.integer(value).map { UInt16(clamping: $0) } }
            else if path.hasSuffix("jsonPayload.connection.protocol") {
                proto = IPProtocolNumber.named(line, value)
            }
            else if path.hasSuffix("jsonPayload.disposition") {
                o.action = line.equals("ALLOWED", value) ? .allow : line.equals("DENIED", value) ? .deny : nil
            }
            else if path.equals("timestamp") || path.hasSuffix("json.timestamp") {
                if let (time, _) = SyslogEnvelope.rfc3339(line, at: value.lowerBound) { o.timestamp = time }
            }
        }
        guard parsed else { return .skipped(.unparsed) }
        guard let source, let destination, let proto else { return .skipped(.noTraffic) }
        o.source = source
        o.destination = destination
        o.ipProtocol = proto
        if proto == IPProtocolNumber.icmp { o.sourcePort = nil; o.destinationPort = nil }
        return .observation
    }
}
