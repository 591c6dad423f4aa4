import ProbeHoundCore

/// Forcepoint Web Security cloud exports (headerless CSV, 17 quoted columns): date `dd/mm/yyyy`,
/// time (read as UTC), user, workstation, categories, action, risk classes, policy, URL (scheme in
/// upper case, `HTTPS://host/path`, or `host:443/` for a tunnel), the connection address (the
/// site's public one), the destination, an internal address (or `Not available`), two threat
/// columns, User-Agent (`None` when absent), status and method in title case (`Get`, `Connect`).
/// Each row is an HTTP request from the internal address where the export gives one, else from the
/// connection address (findings then name the site's NAT address).
public struct ForcepointWebLogParser: LogRecordParser {
    private var fields = DelimitedFields()

    public init() {}

    /// A row: a quoted `dd/mm/yyyy` first, then a quoted time, and 17 columns.
    static func looksLikeRecord(_ line: Span<UInt8>) -> Bool {
        guard line.count > 25, line[0] == 34, line[3] == 47, line[6] == 47, line[11] == 34, line[12] == 44 else { return false }
        var fields = DelimitedFields()
        fields.split(line, 0..<line.count, on: 44, quoted: true, limit: 24)
        return fields.count == 17 && fields[8].map { line.firstIndex(of: 47, in: $0) != nil } == true
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        fields.split(line, 0..<line.count, on: 44, quoted: true, limit: 24)
        guard fields.count >= 17, let date = fields[0], let time = fields[1], date.count == 10, let url = fields[8],
              let day = line.integer(date.lowerBound..<date.lowerBound + 2), let month = line.integer(date.lowerBound + 3..<date.lowerBound + 5),
              let year = line.integer(date.lowerBound + 6..<date.lowerBound + 10),
              let (seconds, nanos, _) = SyslogEnvelope.clock(line, at: time.lowerBound),
              let stamp = Timestamp(year: Int64(year), month: Int64(month), day: Int64(day), secondOfDay: seconds, nanoseconds: nanos)
        else { return .skipped(.unparsed) }
        guard let source = fields[11].flatMap({ line.address($0) }) ?? fields[9].flatMap({ line.address($0) }) else { return .skipped(.unparsed) }
        o.timestamp = stamp
        o.source = source
        o.destination = fields[10].flatMap { line.address($0) } ?? IPAddress(v4: 0)
        o.ipProtocol = IPProtocolNumber.tcp
        o.action = fields[5].map { line.equalsIgnoringCase("blocked", $0) ? .deny : .allow }
        let method = fields[16].flatMap { $0.isEmpty || line.equals("None", $0) ? nil : $0 }
        let isConnect = method.map { line.equalsIgnoringCase("connect", $0) } ?? false
        let (host, path, scheme) = line.urlParts(url)
        var request = HTTPRequest(method: method.map { ByteRange(start: $0.lowerBound, count: $0.count) } ?? ByteRange(start: 0, count: 0),
                                  target: ByteRange(start: isConnect ? host.lowerBound : path.lowerBound, count: isConnect ? host.count : path.count))
        request.host = ByteRange(start: host.lowerBound, count: host.count)
        request.userAgent = fields[14].flatMap { $0.isEmpty || line.equals("None", $0) ? nil : ByteRange(start: $0.lowerBound, count: $0.count) }
        request.isComplete = true
        o.http = request
        o.destinationPort = isConnect || scheme.map({ line.equalsIgnoringCase("https", $0) }) == true ? 443 : 80
        return .observation
    }
}
