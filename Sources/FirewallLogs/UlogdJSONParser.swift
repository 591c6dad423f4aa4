import ProbeHoundCore

/// ulogd2's JSON output plugin (one object per packet logged by `-j NFLOG` / nftables `log group`):
/// `src_ip`, `dest_ip`, `ip.protocol`, `ip.ttl` or `ip6.hoplimit`, `icmp.type`/`icmpv6.type`,
/// `icmp.echoid`, `src_port`, `dest_port`, `oob.prefix`, `oob.time.sec`/`usec`.
public struct UlogdJSONParser: LogRecordParser {
    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into observation: inout Observation, context: LogContext) -> LineVerdict {
        var source: IPAddress? = nil, destination: IPAddress? = nil, proto: UInt8? = nil
        var seconds: Int? = nil, micros = 0
        var prefix: Range<Int>? = nil
        let parsed = JSONScanner.walk(line) { path, value, _ in
            if path.equals("src_ip") { source = line.address(value) }
            else if path.equals("dest_ip") { destination = line.address(value) }
            else if path.equals("ip.protocol") || path.equals("ip6.nexthdr") { proto = line.integer(value).map { UInt8(clamping: $0) } }
            else if path.equals("ip.ttl") || path.equals("ip6.hoplimit") { observation.ttl = line.integer(value).map { UInt8(clamping: $0) } }
            else if path.equals("ip.id") || path.equals("ip6.fragid") { observation.ipID = line.integer(value).map { UInt32(clamping: $0) } }
            else if path.equals("ip.totlen") || path.equals("ip6.payloadlen") { observation.length = line.integer(value) ?? 0 }
            else if path.equals("icmp.type") || path.equals("icmpv6.type") { observation.icmpType = line.integer(value).map { UInt8(clamping: $0) } }
            else if path.equals("icmp.code") || path.equals("icmpv6.code") { observation.icmpCode = line.integer(value).map { UInt8(clamping: $0) } }
            else if path.equals("icmp.echoid") || path.equals("icmpv6.echoid") { observation.icmpID = line.integer(value).map { UInt16(clamping: $0) } }
            else if path.equals("icmp.echoseq") || path.equals("icmpv6.echoseq") { observation.icmpSequence = line.integer(value).map { UInt16(clamping: $0) } }
            else if path.equals("src_port") { observation.sourcePort = line.integer(value).map { UInt16(clamping: $0) } }
            else if path.equals("dest_port") { observation.destinationPort = line.integer(value).map { UInt16(clamping: $0) } }
            else if path.equals("oob.time.sec") { seconds = line.integer(value) }
            else if path.equals("oob.time.usec") { micros = line.integer(value) ?? 0 }
            else if path.equals("oob.prefix") { prefix = value }
            else if path.equals("tcp.syn") || path.equals("tcp.ack") || path.equals("tcp.rst") || path.equals("tcp.fin") {
                if line.integer(value) == 1 || line.equals("true", value) {
                    var flags = observation.tcpFlags ?? []
                    if path.equals("tcp.syn") { flags.insert(.syn) } else if path.equals("tcp.ack") { flags.insert(.ack) }
                    else if path.equals("tcp.rst") { flags.insert(.rst) } else { flags.insert(.fin) }
                    observation.tcpFlags = flags
                }
            }
        }
        guard parsed else { return .skipped(.unparsed) }
        guard let source, let destination, let proto else { return .skipped(.noTraffic) }
        observation.source = source
        observation.destination = destination
        observation.ipProtocol = proto
        if let seconds { observation.timestamp = Timestamp(seconds: seconds, fraction: micros, unitsPerSecond: 1_000_000) }
        if let prefix { observation.action = NetfilterLogParser.action(line, prefix) }
        return .observation
    }
}
