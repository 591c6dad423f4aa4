import ProbeHoundCore

/// AWS VPC Flow Logs, space-separated: the default version 2 layout (`version account-id
/// interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status`)
/// or any custom layout named by a header line. ICMP records carry no type (ports are 0).
public struct VPCFlowLogParser: LogRecordParser {
    private var fields = DelimitedFields()
    private var columns: [String: Int] = ["srcaddr": 3, "dstaddr": 4, "srcport": 5, "dstport": 6, "protocol": 7,
                                          "packets": 8, "start": 10, "action": 12]

    public init() {}

    static func looksLikeRecord(_ line: Span<UInt8>) -> Bool {
        if line.hasPrefix("version ", at: 0) && line.firstIndex(of: "srcaddr", in: 0..<line.count) != nil { return true }
        guard line.hasPrefix("2 ", at: 0) || line.hasPrefix("3 ", at: 0) || line.hasPrefix("4 ", at: 0) || line.hasPrefix("5 ", at: 0) else { return false }
        return line.firstIndex(of: " ACCEPT ", in: 0..<line.count) != nil || line.firstIndex(of: " REJECT ", in: 0..<line.count) != nil
            || line.firstIndex(of: " NODATA", in: 0..<line.count) != nil || line.firstIndex(of: " SKIPDATA", in: 0..<line.count) != nil
    }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        fields.split(line, 0..<line.count, on: 32, collapseSpaces: true)
        if let first = fields[0], !line.equals("version", first), line.integer(first) == nil,
           line.firstIndex(of: "srcaddr", in: 0..<line.count) != nil || line.firstIndex(of: "${", in: 0..<line.count) != nil {
            return header(line)
        }
        if let first = fields[0], line.equals("version", first) { return header(line) }
        func field(_ name: String) -> Range<Int>? {
            guard let index = columns[name], let range = fields[index], !line.equals("-", range) else { return nil }
            return range
        }
        if let status = field("log-status"), !line.equals("OK", status) { return .skipped(.noTraffic) }
        guard let source = field("srcaddr").flatMap({ line.address($0) }),
              let destination = field("dstaddr").flatMap({ line.address($0) }) else {
            return fields.count > 4 && field("srcaddr") == nil ? .skipped(.noTraffic) : .skipped(.unparsed)
        }
        guard let proto = field("protocol").flatMap({ line.integer($0) }) else { return .skipped(.noTraffic) }
        o.source = source
        o.destination = destination
        o.ipProtocol = UInt8(clamping: proto)
        if o.ipProtocol == IPProtocolNumber.tcp || o.ipProtocol == IPProtocolNumber.udp {
            o.sourcePort = field("srcport").flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            o.destinationPort = field("dstport").flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        }
        o.packetCount = Observation.packetCount(field("packets").flatMap { line.integer($0) })
        if let start = field("start").flatMap({ line.integer($0) }) { o.timestamp = Timestamp(seconds: Int64(start), nanoseconds: 0) }
        if let action = field("action") {
            o.action = line.equals("ACCEPT", action) ? .allow : line.equals("REJECT", action) ? .deny : nil
        }
        return .observation
    }

    private mutating func header(_ line: Span<UInt8>) -> LineVerdict {
        columns.removeAll()
        for index in 0..<fields.count {
            guard var range = fields[index] else { continue }
            // Custom formats may name fields as ${field-name}.
            if range.count >= 3, line.hasPrefix("${", at: range.lowerBound), line[range.upperBound - 1] == 125 {
                range = range.lowerBound + 2..<range.upperBound - 1
            }
            for name in ["srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "start", "action", "log-status"]
            where line.equals(name, range) {
                columns[name] = index
            }
        }
        return .skipped(.header)
    }
}
