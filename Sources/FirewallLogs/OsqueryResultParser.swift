import ProbeHoundCore

/// osquery's results log in event format (one JSON object per line): `process_events` (and any
/// query whose columns hold `cmdline`, such as `processes`) as process starts, `socket_events`
/// `connect` rows with a local address as connections (which tell the host's address). The host is
/// `hostIdentifier` (or `hostname`, in older logs); the time the row's own `time` (epoch seconds),
/// else the collection time `unixTime`. Snapshot and batch (`diffResults`) lines hold many rows in
/// one object and are understood but not read row by row.
public struct OsqueryResultParser: LogRecordParser {
    public init() {}

    static func looksLikeRecord(_ line: Span<UInt8>) -> Bool {
        let all = 0..<line.count
        return line.firstIndex(of: "\"columns\"", in: all) != nil && line.firstIndex(of: "\"unixTime\"", in: all) != nil
            || line.firstIndex(of: "\"calendarTime\"", in: all) != nil
                && (line.firstIndex(of: "\"hostIdentifier\"", in: all) != nil || line.firstIndex(of: "\"hostname\"", in: all) != nil)
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        var host: Range<Int>?, eventTime: Range<Int>?, collected: Range<Int>?, commandLine: Range<Int>?, path: Range<Int>?
        var pid: Range<Int>?, user: Range<Int>?, socketAction: Range<Int>?, localAddress: Range<Int>?, remoteAddress: Range<Int>?
        var remotePort: Range<Int>?, localPort: Range<Int>?, query: Range<Int>?, hasColumns = false
        let parsed = JSONScanner.walk(line) { key, value, _ in
            if key.equals("hostIdentifier") || key.equals("hostname") { host = host ?? value }
            else if key.equals("name") { query = value }
            else if key.equals("unixTime") { collected = value }
            else if key.hasSuffix("columns.time") { eventTime = value; hasColumns = true }
            else if key.hasSuffix("columns.cmdline") { commandLine = value; hasColumns = true }
            else if key.hasSuffix("columns.path") { path = value; hasColumns = true }
            else if key.hasSuffix("columns.pid") { pid = value; hasColumns = true }
            else if key.hasSuffix("columns.uid") { user = value }
            else if key.hasSuffix("columns.action") { socketAction = value }
            else if key.hasSuffix("columns.local_address") { localAddress = value }
            else if key.hasSuffix("columns.remote_address") { remoteAddress = value }
            else if key.hasSuffix("columns.remote_port") { remotePort = value }
            else if key.hasSuffix("columns.local_port") { localPort = value }
        }
        guard parsed else { return .skipped(.unparsed) }
        guard hasColumns else { return .skipped(.noTraffic) }
        guard let seconds = (eventTime ?? collected).flatMap({ line.integer($0) }), seconds < 253_402_300_800 else { return .skipped(.unparsed) }
        o.timestamp = Timestamp(seconds: Int64(seconds), nanoseconds: 0)
        var process = ProcessActivity(action: .started, encoding: .json)
        process.host = host.map { ByteRange(start: $0.lowerBound, count: $0.count) }
        process.image = path.map { ByteRange(start: $0.lowerBound, count: $0.count) }
        process.processID = pid.flatMap { line.integer($0) }
        process.user = user.map { ByteRange(start: $0.lowerBound, count: $0.count) }
        let isSocketEvent = query.map { line.firstIndex(of: "socket", in: $0) != nil } ?? false
        if isSocketEvent {
            guard socketAction.map({ line.equals("connect", $0) }) ?? false,
                  let source = localAddress.flatMap({ line.address($0) }), let destination = remoteAddress.flatMap({ line.address($0) })
            else { return .skipped(.noTraffic) }
            process.action = .connected
            o.source = source
            o.destination = destination
            o.ipProtocol = IPProtocolNumber.tcp
            o.sourcePort = localPort.flatMap { line.integer($0) }.flatMap { $0 > 0 ? UInt16(clamping: $0) : nil }
            o.destinationPort = remotePort.flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        } else {
            guard let commandLine, !commandLine.isEmpty else { return .skipped(.noTraffic) }
            process.commandLine = ByteRange(start: commandLine.lowerBound, count: commandLine.count)
        }
        o.process = process
        return .observation
    }
}
