import ProbeHoundCore

/// Cisco Umbrella secure web gateway logs (the S3 export's `proxylogs` CSV, headerless, every value
/// quoted, 23 to 35 columns by log version): timestamp (UTC), identity, the **internal client
/// address**, its external (NAT) address, the destination address, content type, verdict, URL,
/// referer, User-Agent, status, sizes, ..., and from the 26th column the request method. Each row
/// is an HTTP request through the gateway; a row without the internal address (identities that are
/// networks, not roaming computers) is the NAT address's.
public struct UmbrellaProxyLogParser: LogRecordParser {
    private var fields = DelimitedFields()

    public init() {}

    /// A row: a quoted `YYYY-MM-DD HH:MM:SS` first, a verdict in the 7th field and a URL in the 8th.
    static func looksLikeRecord(_ line: Span<UInt8>) -> Bool {
        guard line.hasPrefix("\"", at: 0), line.count > 21, line[5] == 45, line[11] == 32, line[20] == 34 else { return false }
        var fields = DelimitedFields()
        fields.split(line, 0..<line.count, on: 44, quoted: true, collapseSpaces: true, limit: 40)
        guard fields.count >= 23, let verdict = fields[6], let url = fields[7] else { return false }
        return (line.equals("ALLOWED", verdict) || line.equals("BLOCKED", verdict)) && line.firstIndex(of: "://", in: url) != nil
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        fields.split(line, 0..<line.count, on: 44, quoted: true, collapseSpaces: true, limit: 40)
        guard fields.count >= 10, let time = fields[0], let url = fields[7],
              let stamp = SyslogEnvelope.rfc3339(line, at: time.lowerBound)?.0 else { return .skipped(.unparsed) }
        guard let source = fields[2].flatMap({ line.address($0) }) ?? fields[3].flatMap({ line.address($0) }) else { return .skipped(.unparsed) }
        o.timestamp = stamp
        o.source = source
        o.destination = fields[4].flatMap { line.address($0) } ?? IPAddress(v4: 0)
        o.ipProtocol = IPProtocolNumber.tcp
        o.action = fields[6].map { line.equals("BLOCKED", $0) ? .deny : .allow }
        // `scheme://host[:port]/path?query`: the host is the Host, the rest the target.
        let (host, path, scheme) = line.urlParts(url)
        guard scheme != nil else { return .skipped(.unparsed) }
        let method = fields[25].flatMap { $0.isEmpty ? nil : $0 }
        var request = HTTPRequest(method: method.map { ByteRange(start: $0.lowerBound, count: $0.count) } ?? ByteRange(start: 0, count: 0),
                                  target: ByteRange(start: path.lowerBound, count: path.count))
        request.host = ByteRange(start: host.lowerBound, count: host.count)
        request.userAgent = fields[9].flatMap { $0.isEmpty ? nil : ByteRange(start: $0.lowerBound, count: $0.count) }
        request.isComplete = true
        o.http = request
        o.destinationPort = scheme.map { line.equalsIgnoringCase("https", $0) } == true ? 443 : 80
        return .observation
    }
}
