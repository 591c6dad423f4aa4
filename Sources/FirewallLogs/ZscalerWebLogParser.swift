import ProbeHoundCore

/// Zscaler Internet Access NSS web logs as JSON (bare, or in the `{"sourcetype":"zscalernss-web",
/// "event":{...}}` wrapper NSS feeds write for SIEMs); every value a string. Each record is an HTTP
/// request from the client: its internal address where the feed writes one (`cintip`), else the
/// address Zscaler saw (`cip`, usually the site's NAT address, so findings then name the NAT
/// address), to the server `sip`; `eurl` is the URL without its scheme (`host/path`, or
/// `host:port` for CONNECT), `reqmethod`, `ua`, `action` (Blocked is a denial). `time` carries no
/// zone (`Fri Dec 31 07:07:07 2021`, the feed's zone, UTC by default): read as UTC.
public struct ZscalerWebLogParser: LogRecordParser {
    public init() {}

    static func looksLikeRecord(_ line: Span<UInt8>) -> Bool {
        let all = 0..<line.count
        return line.firstIndex(of: "zscalernss-web", in: all) != nil
            || line.firstIndex(of: "\"eurl\"", in: all) != nil && line.firstIndex(of: "\"cip\"", in: all) != nil
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        var time: Range<Int>?, client: Range<Int>?, internalClient: Range<Int>?, server: Range<Int>?, url: Range<Int>?
        var method: Range<Int>?, agent: Range<Int>?, action: Range<Int>?, proto: Range<Int>?
        let parsed = JSONScanner.walk(line) { path, value, _ in
            if path.equals("time") || path.equals("event.time") { time = value }
            else if path.equals("cip") || path.equals("event.cip") { client = value }
            else if path.equals("cintip") || path.equals("event.cintip") { internalClient = value }
            else if path.equals("sip") || path.equals("event.sip") { server = value }
            else if path.equals("eurl") || path.equals("event.eurl") || path.equals("url") || path.equals("event.url") { url = value }
            else if path.equals("reqmethod") || path.equals("event.reqmethod") { method = value }
            else if path.equals("ua") || path.equals("event.ua") { agent = value }
            else if path.equals("action") || path.equals("event.action") { action = value }
            else if path.equals("proto") || path.equals("event.proto") { proto = value }
        }
        guard parsed else { return .skipped(.unparsed) }
        guard let url, !url.isEmpty else { return .skipped(.noTraffic) }
        guard let source = internalClient.flatMap({ line.address($0) }) ?? client.flatMap({ line.address($0) }),
              let stamp = time.flatMap({ ZscalerWebLogParser.asctime(line, $0) }) else { return .skipped(.unparsed) }
        o.timestamp = stamp
        o.source = source
        o.destination = server.flatMap { line.address($0) } ?? IPAddress(v4: 0)
        o.ipProtocol = IPProtocolNumber.tcp
        o.destinationPort = proto.map { line.equals("HTTPS", $0) || line.equals("SSL", $0) ? 443 : 80 }
        o.action = action.map { line.equals("Blocked", $0) ? .deny : .allow }
        let isConnect = method.map { line.equals("CONNECT", $0) } ?? false
        var (host, path, _) = line.urlParts(url)
        if isConnect { host = host.lowerBound..<url.upperBound }
        var request = HTTPRequest(method: method.map { ByteRange(start: $0.lowerBound, count: $0.count) } ?? ByteRange(start: 0, count: 0),
                                  target: isConnect ? ByteRange(start: host.lowerBound, count: host.count) : ByteRange(start: path.lowerBound, count: path.count))
        request.host = ByteRange(start: host.lowerBound, count: host.count)
        request.userAgent = agent.flatMap { $0.isEmpty || line.equals("None", $0) ? nil : ByteRange(start: $0.lowerBound, count: $0.count) }
        request.isComplete = true
        o.http = request
        return .observation
    }

    /// `Fri Dec 31 07:07:07 2021` (asctime; the day may be space-padded).
    static func asctime(_ line: Span<UInt8>, _ range: Range<Int>) -> Timestamp? {
        guard range.count >= 24 else { return nil }
        let start = range.lowerBound + 4
        // `Dec 31 07:07:07` reads as a syslog stamp; the year closes the field.
        let yearStart = range.upperBound - 4
        guard let year = line.integer(yearStart..<range.upperBound), let (time, _) = SyslogEnvelope.bsd(line, at: start, defaultYear: year)
        else { return nil }
        return time
    }
}
