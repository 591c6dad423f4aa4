import ProbeHoundCore

/// Azure network security group flow logs (version 1 and 2): one JSON document per line whose
/// `properties.flows[].flows[].flowTuples[]` strings are the records —
/// `epoch,src,dst,sport,dport,T|U,I|O,A|D[,B|C|E,packets out,bytes out,packets in,bytes in]`.
/// Each tuple is one record; a line with several tuples yields several observations.
public struct AzureNSGFlowLogParser: LogRecordParser {
    private var fields = DelimitedFields()

    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into observation: inout Observation, context: LogContext) -> LineVerdict {
        var first: Observation? = nil
        let (_, verdict) = parseRecords(line, template: observation, context: context) { if first == nil { first = $0 } }
        if let first { observation = first }
        return verdict
    }

    public mutating func parseRecords(_ line: Span<UInt8>, template: Observation, context: LogContext,
                                      emit: (Observation) -> Void) -> (records: Int, verdict: LineVerdict) {
        var tuples: [Range<Int>] = []
        let parsed = JSONScanner.walk(line) { path, value, isString in
            if isString && path.hasSuffix("flowTuples") { tuples.append(value) }
        }
        guard parsed else { return (1, .skipped(.unparsed)) }
        guard !tuples.isEmpty else { return (1, .skipped(.noTraffic)) }
        var emitted = 0
        for tuple in tuples {
            var o = template
            if record(line, tuple, into: &o) {
                emit(o)
                emitted += 1
            }
        }
        // Tuples that did not parse are counted with the line's one skip.
        return (max(1, emitted + (emitted < tuples.count ? 1 : 0)), emitted > 0 ? .observation : .skipped(.unparsed))
    }

    private mutating func record(_ line: Span<UInt8>, _ tuple: Range<Int>, into o: inout Observation) -> Bool {
        fields.split(line, tuple, on: 44)
        guard fields.count >= 8, let source = fields[1].flatMap({ line.address($0) }),
              let destination = fields[2].flatMap({ line.address($0) }), let proto = fields[5] else { return false }
        o.source = source
        o.destination = destination
        o.ipProtocol = line.equals("U", proto) ? IPProtocolNumber.udp : line.equals("T", proto) ? IPProtocolNumber.tcp
            : (line.integer(proto).map { UInt8(clamping: $0) } ?? 0)
        o.sourcePort = fields[3].flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        o.destinationPort = fields[4].flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        if let seconds = fields[0].flatMap({ line.integer($0) }) { o.timestamp = Timestamp(seconds: Int64(seconds), nanoseconds: 0) }
        if let decision = fields[7] { o.action = line.equals("A", decision) ? .allow : line.equals("D", decision) ? .deny : nil }
        o.packetCount = Observation.packetCount(fields[9].flatMap { line.integer($0) })
        return true
    }
}
