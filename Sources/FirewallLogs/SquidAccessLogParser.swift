import ProbeHoundCore

/// Squid's native `access.log` (`logformat squid`): `time.ms elapsed client result/status bytes
/// method URL user hierarchy/peer mime`, fields separated by runs of spaces (Squid pads the time
/// and the elapsed milliseconds). Each record is one request a client sent through the proxy: an
/// HTTP request (absolute URL, or `host:port` for CONNECT) from the client to the upstream server
/// (`DIRECT/<ip>`; `NONE/-` when the proxy answered itself). The format records no request
/// headers, so `HTTPRequest.headersRecorded` is false: the detector does not read a missing
/// User-Agent as a scripted client. Time is when the request began (end minus elapsed), UTC.
/// A site's own `logformat` (`squid_logformat`, `SquidLogLayout`) is read by the roles of its fields,
/// with the request headers it logs.
public struct SquidAccessLogParser: LogRecordParser {
    private var fields = DelimitedFields()

    public init() {}

    /// A native record: an epoch with milliseconds, an elapsed count, an address and `RESULT/status`.
    static func looksLikeRecord(_ line: Span<UInt8>) -> Bool {
        var fields = DelimitedFields()
        fields.split(line, 0..<line.count, on: 32, collapseSpaces: true, limit: 12)
        guard fields.count >= 10, let time = fields[0], let elapsed = fields[1], let client = fields[2], let result = fields[3] else { return false }
        return line.firstIndex(of: 46, in: time) != nil && line.integer(elapsed) != nil && line.address(client) != nil
            && line.firstIndex(of: 47, in: result) != nil && (line.hasPrefix("TCP_", at: result.lowerBound) || line.hasPrefix("UDP_", at: result.lowerBound)
                                                               || line.hasPrefix("NONE", at: result.lowerBound))
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        if let layout = context.squidLayout { return parse(line, layout: layout, into: &o) }
        fields.split(line, 0..<line.count, on: 32, collapseSpaces: true, limit: 16)
        guard fields.count >= 10, let time = fields[0], let elapsed = fields[1], let client = fields[2], let result = fields[3],
              let method = fields[5], let url = fields[6], let hierarchy = fields[8] else { return .skipped(.unparsed) }
        return fill(line, time: time, elapsed: elapsed, client: client, result: result, method: method, url: url, server: hierarchy,
                    into: &o)
    }

    /// A record of a site's own layout: quoted fields honoured, each field read by its role.
    private mutating func parse(_ line: Span<UInt8>, layout: SquidLogLayout, into o: inout Observation) -> LineVerdict {
        fields.split(line, 0..<line.count, on: 32, quoted: true, collapseSpaces: true, limit: 64)
        func field(_ role: SquidLogLayout.Role) -> Range<Int>? {
            guard let index = layout.index(of: role), let range = fields[index], !line.equals("-", range), !range.isEmpty else { return nil }
            return range
        }
        guard let time = field(.time), let client = field(.client), let method = field(.method), let url = field(.url) else {
            return .skipped(.unparsed)
        }
        let verdict = fill(line, time: time, elapsed: field(.elapsed), client: client, result: field(.result), method: method, url: url,
                           server: field(.server), into: &o)
        guard verdict == .observation else { return verdict }
        o.sourcePort = field(.clientPort).flatMap { line.integer($0) }.flatMap { $0 <= 65535 ? UInt16($0) : nil }
        if let port = field(.serverPort).flatMap({ line.integer($0) }), port <= 65535 { o.destinationPort = UInt16(port) }
        o.http?.headersRecorded = layout.recordsHeaders
        o.http?.userAgent = field(.userAgent).map { ByteRange(start: $0.lowerBound, count: $0.count) }
        o.http?.host = field(.host).map { ByteRange(start: $0.lowerBound, count: $0.count) }
        o.http?.hasReferer = field(.referer) != nil
        o.http?.hasCookie = field(.cookie) != nil
        return .observation
    }

    /// The observation of one request, from the fields every layout has.
    private func fill(_ line: Span<UInt8>, time: Range<Int>, elapsed: Range<Int>?, client: Range<Int>, result: Range<Int>?,
                      method: Range<Int>, url: Range<Int>, server: Range<Int>?, into o: inout Observation) -> LineVerdict {
        guard let end = Timestamp.epoch(line, time), let source = line.address(client) else { return .skipped(.unparsed) }
        let milliseconds = min(elapsed.flatMap { line.integer($0) } ?? 0, 86_400_000)
        o.timestamp = end.adding(seconds: -Double(milliseconds) / 1000)
        o.source = source
        // The upstream server, when the proxy went to one (`DIRECT/203.0.113.10`, `HIER_DIRECT/…`).
        let serverAddress = server.flatMap { range in
            line.address((line.firstIndex(of: 47, in: range).map { $0 + 1 } ?? range.lowerBound)..<range.upperBound)
        }
        o.destination = serverAddress ?? (source.isIPv6 ? IPAddress(v6High: 0, low: 0) : IPAddress(v4: 0))
        o.ipProtocol = IPProtocolNumber.tcp
        o.destinationPort = SquidAccessLogParser.port(line, url, connect: line.equals("CONNECT", method))
        o.action = result.map { line.hasPrefix("TCP_DENIED", at: $0.lowerBound) } == true ? .deny : .allow
        var request = HTTPRequest(method: ByteRange(start: method.lowerBound, count: method.count),
                                  target: ByteRange(start: url.lowerBound, count: url.count))
        request.headersRecorded = false
        request.isComplete = true
        o.http = request
        return .observation
    }

    /// The port a URL names (`http://host:8080/`, `host:443` for CONNECT), else its scheme's.
    static func port(_ line: Span<UInt8>, _ url: Range<Int>, connect: Bool) -> UInt16? {
        var authority = url
        if let scheme = line.firstIndex(of: "://", in: url) {
            let start = scheme + 3
            var end = start
            while end < url.upperBound && line[end] != 47 && line[end] != 63 { end += 1 }
            authority = start..<end
        } else if !connect {
            return nil
        }
        if let close = line.firstIndex(of: 93, in: authority) { authority = close + 1..<authority.upperBound }   // `[v6]:port`
        if let colon = line.firstIndex(of: 58, in: authority), let port = line.integer(colon + 1..<authority.upperBound), port <= 65535 {
            return UInt16(port)
        }
        if connect { return 443 }
        return line.hasPrefix("https", at: url.lowerBound) ? 443 : 80
    }
}
