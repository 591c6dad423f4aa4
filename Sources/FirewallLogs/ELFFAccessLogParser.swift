import ProbeHoundCore

/// Blue Coat / Symantec ProxySG access logs in W3C Extended Log File Format (ELFF), and other web
/// gateways writing ELFF with the same field names. The `#Fields:` header decides the columns
/// (`date time time-taken c-ip cs-method cs-uri-scheme cs-host cs-uri-port cs-uri-path cs-uri-query
/// cs(User-Agent) r-ip s-ip sc-filter-result ...`); headers may come again at every rotation and, over
/// syslog, every line (headers too) may carry a `Mon dd hh:mm:ss host` prefix. Quoted values hold
/// spaces; `-` is empty.
///
/// A record whose field count differs from its header's is counted unparsed, never read with
/// shifted columns (upstream samples exist whose header lies); records before any header are read
/// in SGOS's default `main` layout. Each record is an HTTP request from
/// `c-ip` to the upstream server `r-ip` (unknown without that field), at the request's start (the
/// logged end minus `time-taken`); without a `cs(User-Agent)` column the headers count as not
/// recorded, as for Squid's native log. `DENIED` filter results are denials.
public struct ELFFAccessLogParser: LogRecordParser {
    private var fields = DelimitedFields()
    private var header = DelimitedFields()
    /// Column of each role in the current `#Fields:` header.
    private var columns = InlineArray<16, Int>(repeating: -1)
    private var fieldCount = 0

    enum Role: Int, CaseIterable {
        case date, time, timeTaken, client, method, scheme, host, port, path, query, uri, userAgent, serverAddress, filterResult, action
        var names: [String] {
            switch self {
            case .date: ["date"]
            case .time: ["time"]
            case .timeTaken: ["time-taken"]
            case .client: ["c-ip"]
            case .method: ["cs-method"]
            case .scheme: ["cs-uri-scheme"]
            case .host: ["cs-host", "cs-uri-host"]
            case .port: ["cs-uri-port"]
            case .path: ["cs-uri-path", "cs-uri-stem"]
            case .query: ["cs-uri-query"]
            case .uri: ["cs-uri"]
            case .userAgent: ["cs(User-Agent)"]
            case .serverAddress: ["r-ip"]
            case .filterResult: ["sc-filter-result"]
            case .action: ["s-action"]
            }
        }
    }

    public init() {}

    static func looksLikeRecord(_ line: Span<UInt8>) -> Bool {
        line.firstIndex(of: "#Fields:", in: 0..<line.count) != nil && line.firstIndex(of: "c-ip", in: 0..<line.count) != nil
            || line.firstIndex(of: "#Software: SGOS", in: 0..<line.count) != nil
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        var start = 0
        while start < line.count && line[start] == 32 { start += 1 }
        guard start < line.count else { return .skipped(.header) }
        // A syslog prefix (`Mar 22 16:16:01 proxy1 `) before a header or a record.
        if line[start] != 35 && !ELFFAccessLogParser.startsWithDate(line, start) {
            let envelope = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear)
            var i = envelope.bodyStart
            while i < line.count && line[i] != 32 { i += 1 }
            while i < line.count && line[i] == 32 { i += 1 }
            start = i
        }
        guard start < line.count else { return .skipped(.unparsed) }
        if line[start] == 35 {
            if line.hasPrefix("#Fields:", at: start) { readHeader(line, from: start + 8) }
            return .skipped(.header)
        }
        if fieldCount == 0 { useDefaultLayout() }
        var end = line.count
        while end > start && (line[end - 1] == 32 || line[end - 1] == 13) { end -= 1 }
        fields.split(line, start..<end, on: 32, quoted: true, collapseSpaces: true, limit: 128)
        guard fields.count == fieldCount else { return .skipped(.unparsed) }
        func field(_ role: Role) -> Range<Int>? {
            guard let range = fields[columns[role.rawValue]], !range.isEmpty, !line.equals("-", range) else { return nil }
            return range
        }
        guard let client = field(.client).flatMap({ line.address($0) }) else { return .skipped(.unparsed) }
        guard let date = field(.date), let time = field(.time), time.lowerBound == date.upperBound + 1,
              var stamp = SyslogEnvelope.rfc3339(line, at: date.lowerBound)?.0 else { return .skipped(.unparsed) }
        if let taken = field(.timeTaken).flatMap({ line.integer($0) }) {
            stamp = stamp.adding(seconds: -Double(min(taken, 86_400_000)) / 1000)
        }
        o.timestamp = stamp
        o.source = client
        o.destination = field(.serverAddress).flatMap { line.address($0) } ?? IPAddress(v4: 0)
        o.ipProtocol = IPProtocolNumber.tcp
        o.destinationPort = field(.port).flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        let method = field(.method)
        let host = field(.host)
        // The target: the path (with the query logged apart), or the whole URI; CONNECT names the host.
        let target = field(.path) ?? field(.uri) ?? 0..<0
        var request = HTTPRequest(method: method.map { ByteRange(start: $0.lowerBound, count: $0.count) } ?? ByteRange(start: 0, count: 0),
                                  target: ByteRange(start: target.lowerBound, count: target.count))
        if let method, line.equals("CONNECT", method), let host {
            request.target = ByteRange(start: host.lowerBound, count: host.count)
        }
        request.host = host.map { ByteRange(start: $0.lowerBound, count: $0.count) }
        request.query = field(.query).map { ByteRange(start: $0.lowerBound, count: $0.count) }
        request.userAgent = field(.userAgent).map { ByteRange(start: $0.lowerBound, count: $0.count) }
        request.headersRecorded = columns[Role.userAgent.rawValue] >= 0
        request.isComplete = true
        o.http = request
        if let result = field(.filterResult) {
            o.action = line.equals("DENIED", result) ? .deny : .allow
        } else if let action = field(.action) {
            o.action = line.firstIndex(of: "DENIED", in: action) != nil ? .deny : .allow
        }
        return .observation
    }

    /// SGOS's default `main` access-log format (24 fields), for records read before any header.
    static let defaultLayout = "date time time-taken c-ip sc-status s-action sc-bytes cs-bytes cs-method cs-uri-scheme cs-host cs-uri-port cs-uri-path cs-uri-query cs-username cs-auth-group s-supplier-name rs(Content-Type) cs(Referer) cs(User-Agent) sc-filter-result cs-categories x-virus-id s-ip"

    private mutating func useDefaultLayout() {
        let text = Array(ELFFAccessLogParser.defaultLayout.utf8)
        readHeader(text.span, from: 0)
    }

    private mutating func readHeader(_ line: Span<UInt8>, from start: Int) {
        var end = line.count
        while end > start && (line[end - 1] == 32 || line[end - 1] == 13) { end -= 1 }
        header.split(line, start..<end, on: 32, collapseSpaces: true, limit: 128)
        fieldCount = 0
        for index in 0..<header.count where header[index].map({ !$0.isEmpty }) ?? false { fieldCount = index + 1 }
        for role in Role.allCases {
            columns[role.rawValue] = -1
            for index in 0..<fieldCount {
                guard let range = header[index] else { continue }
                if role.names.contains(where: { line.equals($0, range) }) { columns[role.rawValue] = index; break }
            }
        }
        if columns[Role.client.rawValue] < 0 || columns[Role.date.rawValue] < 0 || columns[Role.time.rawValue] < 0 { fieldCount = 0 }
    }

    /// `2024-03-22 ...`: a record without a syslog prefix.
    static func startsWithDate(_ line: Span<UInt8>, _ start: Int) -> Bool {
        start + 10 <= line.count && line[start + 4] == 45 && line[start + 7] == 45 && line.integer(start..<start + 4) != nil
    }
}
