import ProbeHoundCore

/// Suricata EVE JSON: `flow`, `netflow`, `alert`, `drop`, `http`, `dns` and `tls` events with
/// `src_ip`, `dest_ip`, `proto`, ports or `icmp_type`/`icmp_code`, `http.hostname`/`url`/
/// `http_user_agent`, `dns.rrname` (queries), `tls.sni`; `alert.action` gives the verdict.
public struct SuricataEVEParser: LogRecordParser {
    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        var eventType: Range<Int>? = nil, source: IPAddress? = nil, destination: IPAddress? = nil, proto: UInt8? = nil
        var host: Range<Int>? = nil, url: Range<Int>? = nil, agent: Range<Int>? = nil, method: Range<Int>? = nil
        var dnsType: Range<Int>? = nil, rrname: Range<Int>? = nil, sni: Range<Int>? = nil
        var packets: Int? = nil
        let parsed = JSONScanner.walk(line) { path, value, _ in
            if path.equals("event_type") { eventType = value }
            else if path.equals("timestamp") { if let (time, _) = SyslogEnvelope.rfc3339(line, at: value.lowerBound) { o.timestamp = time } }
            else if path.equals("src_ip") { source = line.address(value) }
            else if path.equals("dest_ip") { destination = line.address(value) }
            else if path.equals("proto") {
                proto = line.equalsIgnoringCase("ipv6-icmp", value) ? IPProtocolNumber.icmpv6 : IPProtocolNumber.named(line, value)
            }
            else if path.equals("src_port") { o.sourcePort = line.integer(value).map { UInt16(clamping: $0) } }
            else if path.equals("dest_port") { o.destinationPort = line.integer(value).map { UInt16(clamping: $0) } }
            else if path.equals("icmp_type") { o.icmpType = line.integer(value).map { UInt8(clamping: $0) } }
            else if path.equals("icmp_code") { o.icmpCode = line.integer(value).map { UInt8(clamping: $0) } }
            else if path.equals("http.hostname") { host = value }
            else if path.equals("http.url") { url = value }
            else if path.equals("http.http_user_agent") { agent = value }
            else if path.equals("http.http_method") { method = value }
            else if path.equals("dns.type") { dnsType = value }
            else if path.equals("dns.rrname") { rrname = value }
            else if path.equals("dns.query.rrname") { rrname = value; dnsType = nil }
            else if path.equals("tls.sni") { sni = value }
            else if path.equals("flow.pkts_toserver") { packets = line.integer(value) }
            else if path.equals("alert.action") {
                o.action = line.equals("blocked", value) ? .deny : line.equals("allowed", value) ? .allow : nil
            }
        }
        guard parsed else { return .skipped(.unparsed) }
        guard let source, let destination, let proto else { return .skipped(.noTraffic) }
        o.source = source
        o.destination = destination
        o.ipProtocol = proto
        if proto == IPProtocolNumber.icmp || proto == IPProtocolNumber.icmpv6 { o.sourcePort = nil; o.destinationPort = nil }
        let isFlow = eventType.map { line.equals("flow", $0) || line.equals("netflow", $0) } ?? false
        if isFlow, let packets { o.packetCount = Observation.packetCount(packets) }
        if let method {
            var request = HTTPRequest(method: ByteRange(start: method.lowerBound, count: method.count),
                                      target: url.map { ByteRange(start: $0.lowerBound, count: $0.count) } ?? ByteRange(start: 0, count: 0))
            request.host = host.map { ByteRange(start: $0.lowerBound, count: $0.count) }
            request.userAgent = agent.map { ByteRange(start: $0.lowerBound, count: $0.count) }
            o.http = request
        }
        if let rrname, dnsType.map({ line.equals("query", $0) }) ?? true, eventType.map({ line.equals("dns", $0) }) ?? false {
            o.queryName = ByteRange(start: rrname.lowerBound, count: rrname.count)
        }
        if let sni { o.tlsServerName = ByteRange(start: sni.lowerBound, count: sni.count) }
        return .observation
    }
}
