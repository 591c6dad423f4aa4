import ProbeHoundCore

/// ArcSight CEF (`CEF:0|vendor|product|version|id|name|severity|ext`) and IBM LEEF
/// (`LEEF:1.0|vendor|product|version|id|ext`) envelopes, as Check Point, Sophos, SonicWall and
/// others export: src/dst, spt/dpt (LEEF srcPort/dstPort), proto, act, request/requestUrl, dhost,
/// requestClientApplication, rt.
public struct CEFLogParser: LogRecordParser {
    private var fields = KeyValueFields()

    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        let all = 0..<line.count
        let isLEEF: Bool
        let header: Int
        if let at = line.firstIndex(of: "CEF:", in: all) { header = at; isLEEF = false }
        else if let at = line.firstIndex(of: "LEEF:", in: all) { header = at; isLEEF = true }
        else { return .skipped(.unparsed) }
        // The extension follows the 7th (CEF) or 5th (LEEF 1.0; 6th in 2.0) unescaped '|'.
        let wanted = isLEEF ? (line.hasPrefix("LEEF:2", at: header) ? 6 : 5) : 7
        var pipes = 0, i = header
        while i < line.count && pipes < wanted {
            if line[i] == 124 && (i == 0 || line[i - 1] != 92) { pipes += 1 }
            i += 1
        }
        guard pipes == wanted else { return .skipped(.unparsed) }
        fields.split(line, i..<line.count, valuesMayHoldSpaces: !isLEEF)
        let source = (fields.value("src", in: line) ?? fields.value("sourceAddress", in: line)).flatMap { line.address($0) }
        let destination = (fields.value("dst", in: line) ?? fields.value("destinationAddress", in: line)).flatMap { line.address($0) }
        guard let source, let destination else { return .skipped(.noTraffic) }
        o.source = source
        o.destination = destination
        let proto = fields.value("proto", in: line).flatMap { IPProtocolNumber.named(line, $0) }
        o.ipProtocol = proto ?? IPProtocolNumber.tcp
        o.sourcePort = (fields.value("spt", in: line) ?? fields.value("srcPort", in: line)).flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        o.destinationPort = (fields.value("dpt", in: line) ?? fields.value("dstPort", in: line)).flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        if o.ipProtocol == IPProtocolNumber.icmp { o.sourcePort = nil; o.destinationPort = nil }
        if let action = fields.value("act", in: line) ?? fields.value("action", in: line) {
            let lower = ["drop", "deny", "denied", "block", "blocked", "reject", "dropped"]
            let allow = ["accept", "allow", "allowed", "permit", "pass"]
            if lower.contains(where: { line.equalsIgnoringCase($0, action) }) { o.action = .deny }
            else if allow.contains(where: { line.equalsIgnoringCase($0, action) }) { o.action = .allow }
        }
        if let url = fields.value("request", in: line) ?? fields.value("requestUrl", in: line),
           let scheme = line.firstIndex(of: "://", in: url) {
            let hostStart = scheme + 3
            let hostEnd = line.firstIndex(of: 47, in: hostStart..<url.upperBound) ?? url.upperBound
            var request = HTTPRequest(method: fields.value("requestMethod", in: line).map { ByteRange(start: $0.lowerBound, count: $0.count) } ?? ByteRange(start: 0, count: 0),
                                      target: ByteRange(start: hostEnd, count: url.upperBound - hostEnd))
            request.host = ByteRange(start: hostStart, count: hostEnd - hostStart)
            request.userAgent = fields.value("requestClientApplication", in: line).map { ByteRange(start: $0.lowerBound, count: $0.count) }
            o.http = request
        }
        if let rt = fields.value("rt", in: line), let millis = line.integer(rt) {
            o.timestamp = Timestamp(seconds: Int64(millis / 1000), nanoseconds: Int32(millis % 1000) * 1_000_000)
        } else if let time = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear).timestamp {
            o.timestamp = time
        }
        return .observation
    }
}
