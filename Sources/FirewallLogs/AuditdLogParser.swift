import ProbeHoundCore

/// Linux audit logs (`/var/log/audit/audit.log`, or forwarded by audisp with `node=` or over
/// syslog): `type=EXECVE msg=audit(1604994496.155:92733): argc=2 a0="ping" a1="8.8.8.8"` is a
/// program started with its arguments (hex-encoded where they hold spaces or quotes: `AuditText`).
/// The host is the record's `node=`, else the syslog header's host; a raw audit.log of one machine
/// names none (`--host-address =IP` places it). Other record types (SYSCALL, PATH, CWD, PROCTITLE,
/// ...) are understood and hold nothing more to analyse: EXECVE alone carries the command line.
public struct AuditdLogParser: LogRecordParser {
    public init() {}

    static func looksLikeRecord(_ line: Span<UInt8>) -> Bool {
        line.firstIndex(of: "type=", in: 0..<line.count) != nil && line.firstIndex(of: " msg=audit(", in: 0..<line.count) != nil
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        let all = 0..<line.count
        guard let type = line.firstIndex(of: "type=", in: all), let stamp = line.firstIndex(of: "msg=audit(", in: type..<line.count) else {
            return .skipped(.unparsed)
        }
        // `msg=audit(1604994496.155:92733):` — seconds, milliseconds, serial.
        let timeStart = stamp + 10
        guard let dot = line.firstIndex(of: 46, in: timeStart..<min(line.count, timeStart + 20)),
              let colon = line.firstIndex(of: 58, in: dot..<min(line.count, dot + 12)),
              let seconds = line.integer(timeStart..<dot), let millis = line.integer(dot + 1..<colon), colon - dot <= 10,
              seconds < 253_402_300_800 else { return .skipped(.unparsed) }
        guard line.hasPrefix("type=EXECVE ", at: type) else { return .skipped(.noTraffic) }
        var fraction = millis
        for _ in 0..<(9 - (colon - dot - 1)) { fraction *= 10 }
        o.timestamp = Timestamp(seconds: Int64(seconds), nanoseconds: Int32(clamping: fraction))
        guard let first = line.firstIndex(of: " a0=", in: stamp..<line.count) else { return .skipped(.noTraffic) }
        var process = ProcessActivity(action: .started, encoding: .audit)
        var valueEnd = first + 4
        while valueEnd < line.count && line[valueEnd] != 32 { valueEnd += 1 }
        process.image = ByteRange(start: first + 4, count: valueEnd - first - 4)
        var end = line.count
        while end > first && (line[end - 1] == 32 || line[end - 1] == 13) { end -= 1 }
        process.commandLine = ByteRange(start: first + 1, count: end - first - 1)
        if let node = line.firstIndex(of: "node=", in: 0..<type) {
            var nodeEnd = node + 5
            while nodeEnd < type && line[nodeEnd] != 32 { nodeEnd += 1 }
            process.host = ByteRange(start: node + 5, count: nodeEnd - node - 5)
        } else {
            let envelope = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear)
            if envelope.timestamp != nil {
                var hostEnd = envelope.bodyStart
                while hostEnd < type && line[hostEnd] != 32 { hostEnd += 1 }
                if hostEnd > envelope.bodyStart && hostEnd < type { process.host = ByteRange(start: envelope.bodyStart, count: hostEnd - envelope.bodyStart) }
            }
        }
        o.process = process
        return .observation
    }
}
