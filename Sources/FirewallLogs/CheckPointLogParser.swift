import ProbeHoundCore

/// Check Point Log Exporter syslog: RFC 5424 with Check Point's own `[key:"value"; key:"value"; ...]`
/// block (`\"` and `\]` escape inside values): `src`, `dst`, `proto`, `s_port`, `service` (the
/// destination port), `icmp-type`/`icmp-code`, `action` (Accept, Drop, Reject, ...), `time` (epoch
/// seconds). A record without a source and destination but with `packets:"<src,sport,dst,dport,proto;
/// iface> ..."` (a drop summary) stands for each tuple it lists. Check Point's CEF and LEEF exports
/// are read by `cef`.
public struct CheckPointLogParser: LogRecordParser {
    private var keys: [Range<Int>] = []
    private var values: [Range<Int>] = []

    public init() {
        keys.reserveCapacity(64)
        values.reserveCapacity(64)
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        var first: Observation? = nil
        let verdict = parseRecords(line, template: o, context: context) { record in
            if first == nil { first = record }
        }.verdict
        if let first { o = first }
        return verdict
    }

    public mutating func parseRecords(_ line: Span<UInt8>, template: Observation, context: LogContext,
                                      emit: (Observation) -> Void) -> (records: Int, verdict: LineVerdict) {
        guard let open = CheckPointLogParser.blockStart(line) else { return (1, .skipped(.unparsed)) }
        split(line, from: open + 1)
        var o = template
        if let time = value("time", line).flatMap({ line.integer($0) }), time > 0, time < 253_402_300_800 {
            o.timestamp = Timestamp(seconds: Int64(time), nanoseconds: 0)
        } else if let time = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear).timestamp {
            o.timestamp = time
        }
        if let action = value("action", line) {
            if line.equals("Accept", action) || line.equals("Allow", action) || line.equals("Encrypt", action) || line.equals("Decrypt", action) {
                o.action = .allow
            } else if line.equals("Drop", action) || line.equals("Reject", action) || line.equals("Block", action) || line.equals("Prevent", action) {
                o.action = .deny
            }
        }
        if let source = value("src", line).flatMap({ line.address($0) }), let destination = value("dst", line).flatMap({ line.address($0) }) {
            o.source = source
            o.destination = destination
            o.ipProtocol = value("proto", line).flatMap { line.integer($0) }.map { UInt8(clamping: $0) } ?? 0
            if o.ipProtocol == IPProtocolNumber.icmp || o.ipProtocol == IPProtocolNumber.icmpv6 {
                o.icmpType = value("icmp-type", line).flatMap { line.integer($0) }.map { UInt8(clamping: $0) }
                o.icmpCode = value("icmp-code", line).flatMap { line.integer($0) }.map { UInt8(clamping: $0) }
            } else {
                o.sourcePort = value("s_port", line).flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
                o.destinationPort = value("service", line).flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            }
            emit(o)
            return (1, .observation)
        }
        guard let packets = value("packets", line) else { return (1, .skipped(.noTraffic)) }
        // `<81.2.69.142,59912,81.2.69.144,1990,6;eth0> <...>`
        var records = 0
        var i = packets.lowerBound
        while let start = line.firstIndex(of: 60, in: i..<packets.upperBound), let end = line.firstIndex(of: 62, in: start..<packets.upperBound) {
            var part = InlineArray<5, Range<Int>>(repeating: 0..<0)
            var index = 0, fieldStart = start + 1
            for j in start + 1...end where j == end || line[j] == 44 || line[j] == 59 {
                if index < 5 { part[index] = fieldStart..<j }
                index += 1
                fieldStart = j + 1
                if line[j] == 59 { break }
            }
            i = end + 1
            guard index >= 5, let source = line.address(part[0]), let destination = line.address(part[2]),
                  let proto = line.integer(part[4]) else { continue }
            var record = o
            record.source = source
            record.destination = destination
            record.ipProtocol = UInt8(clamping: proto)
            if record.ipProtocol != IPProtocolNumber.icmp && record.ipProtocol != IPProtocolNumber.icmpv6 {
                record.sourcePort = line.integer(part[1]).map { UInt16(clamping: $0) }
                record.destinationPort = line.integer(part[3]).map { UInt16(clamping: $0) }
            }
            emit(record)
            records += 1
        }
        return records > 0 ? (records, .observation) : (1, .skipped(.noTraffic))
    }

    /// The `[` that opens the key:"value" block (after the RFC 5424 header, not inside a value).
    static func blockStart(_ line: Span<UInt8>) -> Int? {
        guard let open = line.firstIndex(of: 91, in: 0..<line.count), open + 1 < line.count,
              line.firstIndex(of: ":\"", in: open..<min(line.count, open + 64)) != nil else { return nil }
        return open
    }

    /// Reads `key:"value";` pairs; escaped quotes and brackets stay in the value.
    private mutating func split(_ line: Span<UInt8>, from start: Int) {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        var i = start
        while i < line.count {
            while i < line.count && (line[i] == 32 || line[i] == 59) { i += 1 }
            let keyStart = i
            while i < line.count && line[i] != 58 && line[i] != 93 { i += 1 }
            guard i + 1 < line.count, line[i] == 58, line[i + 1] == 34 else { return }
            let key = keyStart..<i
            i += 2
            let valueStart = i
            while i < line.count && line[i] != 34 {
                i += line[i] == 92 ? 2 : 1
            }
            guard i < line.count else { return }
            keys.append(key)
            values.append(valueStart..<i)
            i += 1
        }
    }

    private func value(_ key: String, _ line: Span<UInt8>) -> Range<Int>? {
        for (index, range) in keys.enumerated() where line.equals(key, range) {
            return values[index].isEmpty ? nil : values[index]
        }
        return nil
    }
}
