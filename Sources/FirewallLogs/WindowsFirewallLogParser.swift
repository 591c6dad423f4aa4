import ProbeHoundCore

/// Windows Defender Firewall `pfirewall.log`: space-separated, the `#Fields:` header decides the
/// column order (default: date time action protocol src-ip dst-ip src-port dst-port size tcpflags
/// tcpsyn tcpack tcpwin icmptype icmpcode info path). Times are local to the logging host; they
/// are read as UTC.
public struct WindowsFirewallLogParser: LogRecordParser {
    private var fields = DelimitedFields()
    private var columns: [String: Int] = ["date": 0, "time": 1, "action": 2, "protocol": 3, "src-ip": 4, "dst-ip": 5,
                                          "src-port": 6, "dst-port": 7, "size": 8, "tcpflags": 9, "icmptype": 13, "icmpcode": 14]

    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        guard line.count > 0 else { return .skipped(.header) }
        if line[0] == 35 {
            if line.hasPrefix("#Fields:", at: 0) {
                fields.split(line, min(8, line.count)..<line.count, on: 32, collapseSpaces: true)
                columns.removeAll()
                for index in 0..<fields.count {
                    guard let range = fields[index] else { continue }
                    for name in ["date", "time", "action", "protocol", "src-ip", "dst-ip", "src-port", "dst-port", "size", "tcpflags", "icmptype", "icmpcode"]
                    where line.equals(name, range) {
                        columns[name] = index
                    }
                }
            }
            return .skipped(.header)
        }
        fields.split(line, 0..<line.count, on: 32, collapseSpaces: true)
        func field(_ name: String) -> Range<Int>? {
            guard let index = columns[name], let range = fields[index], !line.equals("-", range) else { return nil }
            return range
        }
        guard let source = field("src-ip").flatMap({ line.address($0) }),
              let destination = field("dst-ip").flatMap({ line.address($0) }),
              let protoRange = field("protocol") else { return .skipped(.unparsed) }
        guard let proto = IPProtocolNumber.named(line, protoRange) else { return .skipped(.unparsed) }
        o.source = source
        o.destination = destination
        o.ipProtocol = proto == IPProtocolNumber.icmp && source.isIPv6 ? IPProtocolNumber.icmpv6 : proto
        if let date = field("date"), let time = field("time"), time.lowerBound == date.upperBound + 1,
           let (stamp, _) = SyslogEnvelope.rfc3339(line, at: date.lowerBound) {
            o.timestamp = stamp
        }
        if let action = field("action") {
            o.action = line.equals("ALLOW", action) ? .allow : line.equals("DROP", action) ? .deny : nil
        }
        if proto == IPProtocolNumber.tcp || proto == IPProtocolNumber.udp {
            o.sourcePort = field("src-port").flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
            o.destinationPort = field("dst-port").flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        } else {
            o.icmpType = field("icmptype").flatMap { line.integer($0) }.map { UInt8(clamping: $0) }
            o.icmpCode = field("icmpcode").flatMap { line.integer($0) }.map { UInt8(clamping: $0) }
        }
        if let flags = field("tcpflags") { o.tcpFlags = tcpFlags(letters: line, flags) }
        o.length = field("size").flatMap { line.integer($0) } ?? 0
        return .observation
    }
}
