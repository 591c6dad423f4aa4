import ProbeHoundCore

/// Squid's native `access.log` (`logformat squid`): `time.ms elapsed client result/status bytes
/// method URL user hierarchy/peer mime`, fields separated by runs of spaces (Squid pads the time
/// and the elapsed milliseconds). Each record is one request a client sent through the proxy: an
/// HTTP request (absolute URL, or `host:port` for CONNECT) from the client to the upstream server
/// (`DIRECT/<ip>`; `NONE/-` when the proxy answered itself). The format records no request
/// headers, so `HTTPRequest.headersRecorded` is false: the detector does not read a missing
/// User-Agent as a scripted client. Time is when the request began (end minus elapsed), UTC.
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
        fields.split(line, 0..<line.count, on: 32, collapseSpaces: true, limit: 16)
        guard fields.count >= 10, let time = fields[0], let elapsed = fields[1], let client = fields[2], let result = fields[3],
              let method = fields[5], let url = fields[6], let hierarchy = fields[8],
              let end = Timestamp.epoch(line, time), let source = line.address(client) else { return .skipped(.unparsed) }
        let milliseconds = min(line.integer(elapsed) ?? 0, 86_400_000)
        o.timestamp = end.adding(seconds: -Double(milliseconds) / 1000)
        o.source = source
        // The upstream server, when the proxy went to one (`DIRECT/203.0.113.10`, `HIER_DIRECT/…`).
        if let slash = line.firstIndex(of: 47, in: hierarchy), let server = line.address(slash + 1..<hierarchy.upperBound) {
            o.destination = server
        } else {
            o.destination = source.isIPv6 ? IPAddress(v6High: 0, low: 0) : IPAddress(v4: 0)
        }
        o.ipProtocol = IPProtocolNumber.tcp
        o.destinationPort = SquidAccessLogParser.port(line, url, connect: line.equals("CONNECT", method))
        o.action = line.hasPrefix("TCP_DENIED", at: result.lowerBound) ? .deny : .allow
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
