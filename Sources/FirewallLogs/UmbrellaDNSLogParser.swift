import ProbeHoundCore

/// Cisco Umbrella DNS logs (the S3 export's `dnslogs` CSV, headerless, every value quoted):
/// timestamp (UTC), identities, the **internal client address**, its external address, the verdict,
/// the query type (`1 (A)`, `16 (TXT)`), the response code and the domain (trailing dot). Each row is
/// one question the client asked Umbrella's resolvers: DNS-based IP discovery (`myip.opendns.com`,
/// which OpenDNS/Umbrella itself answers with the asker's address) and IP-lookup or check names
/// show here even when no packet of them is captured. The resolver is Umbrella's anycast address
/// (208.67.222.222), the service's documented one; the logs do not say which instance answered.
public struct UmbrellaDNSLogParser: LogRecordParser {
    private var fields = DelimitedFields()
    static let resolver = IPAddress(v4: 0xD043_DEDE)   // 208.67.222.222

    public init() {}

    /// A row: a quoted `YYYY-MM-DD HH:MM:SS` first and a quoted `N (TYPE)` query type in the 7th field.
    static func looksLikeRecord(_ line: Span<UInt8>) -> Bool {
        guard line.hasPrefix("\"", at: 0), line.count > 21, line[5] == 45, line[11] == 32, line[20] == 34 else { return false }
        var fields = DelimitedFields()
        fields.split(line, 0..<line.count, on: 44, quoted: true, collapseSpaces: true, limit: 16)
        guard fields.count >= 9, let type = fields[6], let open = line.firstIndex(of: 40, in: type) else { return false }
        return open > type.lowerBound && line.integer(type.lowerBound..<open - 1) != nil && line[type.upperBound - 1] == 41
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        fields.split(line, 0..<line.count, on: 44, quoted: true, collapseSpaces: true, limit: 32)
        guard fields.count >= 9, let time = fields[0], let client = fields[3], let verdict = fields[5], var domain = fields[8],
              let stamp = SyslogEnvelope.rfc3339(line, at: time.lowerBound)?.0,
              let source = line.address(client) else { return .skipped(.unparsed) }
        if !domain.isEmpty && line[domain.upperBound - 1] == 46 { domain = domain.lowerBound..<domain.upperBound - 1 }
        guard !domain.isEmpty else { return .skipped(.unparsed) }
        o.timestamp = stamp
        o.source = source
        o.destination = UmbrellaDNSLogParser.resolver
        o.ipProtocol = IPProtocolNumber.udp
        o.destinationPort = 53
        o.queryName = ByteRange(start: domain.lowerBound, count: domain.count)
        o.action = line.equalsIgnoringCase("blocked", verdict) ? .deny : .allow
        return .observation
    }
}
