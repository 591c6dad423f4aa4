import ProbeHoundCore

/// Juniper SRX session logs (`RT_FLOW`), in both renditions Junos writes: the structured one (RFC
/// 5424 with `[junos@2636... source-address="..." ...]`) and the older text one (`RT_FLOW_SESSION_CREATE:
/// session created 10.0.0.1/3306->198.51.100.7/80 junos-http 10.0.0.1/3306->... None None 6 ...`).
///
/// CREATE and CLOSE records are allowed sessions, DENY ones denied. A site may log a session's start,
/// its end, or both: a CLOSE whose CREATE was read (by session id) is not counted again, a CLOSE
/// alone stands for the session (with the client's packet count). ICMP carries its type only in
/// denials (`icmp-type`, `proto(type)` in the text form). An allowed ICMP session is an echo
/// request: only query messages open sessions on an SRX (errors and answers belong to the session
/// they answer), each echo its own, written with the sequence number as source port and the
/// identifier as destination port.
public struct JuniperSRXParser: LogRecordParser {
    private var fields = KeyValueFields()
    /// Session ids of CREATE records read, so their CLOSE records are not counted twice (bounded:
    /// cleared when full, at worst counting a session twice).
    private var createdSessions: Set<Int> = []
    static let maximumRememberedSessions = 65_536

    public init() {}

    enum Event { case create, close, deny }

    public mutating func parse(_ line: Span<UInt8>, into o: inout Observation, context: LogContext) -> LineVerdict {
        let all = 0..<line.count
        guard let tag = line.firstIndex(of: "RT_FLOW_SESSION_", in: all) else {
            return line.firstIndex(of: "RT_FLOW", in: all) != nil ? .skipped(.noTraffic) : .skipped(.unparsed)
        }
        let nameStart = tag + "RT_FLOW_SESSION_".utf8.count
        let event: Event
        if line.hasPrefix("CREATE", at: nameStart) { event = .create }
        else if line.hasPrefix("CLOSE", at: nameStart) { event = .close }
        else if line.hasPrefix("DENY", at: nameStart) { event = .deny }
        else { return .skipped(.noTraffic) }
        let envelope = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear)
        if let time = envelope.timestamp { o.timestamp = time }
        let parsed: (session: Int?, packets: Int?)?
        if let bracket = line.firstIndex(of: 91, in: nameStart..<line.count), line.firstIndex(of: "=\"", in: bracket..<line.count) != nil {
            parsed = structured(line, from: bracket + 1, into: &o)
        } else {
            parsed = text(line, from: nameStart, event: event, into: &o)
        }
        guard let (session, packets) = parsed else { return .skipped(.unparsed) }
        if event != .deny && o.icmpType == nil && (o.ipProtocol == IPProtocolNumber.icmp || o.ipProtocol == IPProtocolNumber.icmpv6) {
            o.icmpType = o.ipProtocol == IPProtocolNumber.icmp ? 8 : 128
            (o.icmpSequence, o.icmpID) = (o.sourcePort, o.destinationPort)
            o.sourcePort = nil
            o.destinationPort = nil
        }
        switch event {
        case .create:
            if let session {
                if createdSessions.count >= JuniperSRXParser.maximumRememberedSessions { createdSessions.removeAll(keepingCapacity: true) }
                createdSessions.insert(session)
            }
            o.action = .allow
        case .close:
            if let session, createdSessions.remove(session) != nil { return .skipped(.noTraffic) }
            o.action = .allow
            o.packetCount = Observation.packetCount(packets)
        case .deny:
            o.action = .deny
        }
        return .observation
    }

    /// `key="value"` pairs of the structured rendition; returns the session id and client packets.
    private mutating func structured(_ line: Span<UInt8>, from start: Int, into o: inout Observation) -> (Int?, Int?)? {
        fields.split(line, start..<line.count, valuesMayHoldSpaces: false)
        guard let source = fields.value("source-address", in: line).flatMap({ line.address($0) }),
              let destination = fields.value("destination-address", in: line).flatMap({ line.address($0) }),
              let proto = fields.value("protocol-id", in: line).flatMap({ line.integer($0) }) else { return nil }
        o.source = source
        o.destination = destination
        o.ipProtocol = UInt8(clamping: proto)
        o.sourcePort = fields.value("source-port", in: line).flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        o.destinationPort = fields.value("destination-port", in: line).flatMap { line.integer($0) }.map { UInt16(clamping: $0) }
        if o.ipProtocol == IPProtocolNumber.icmp || o.ipProtocol == IPProtocolNumber.icmpv6,
           let type = fields.value("icmp-type", in: line).flatMap({ line.integer($0) }) {
            // DENY records write the type; then the ports say nothing.
            o.icmpType = UInt8(clamping: type)
            (o.sourcePort, o.destinationPort) = (nil, nil)
        }
        return (fields.value("session-id-32", in: line).flatMap { line.integer($0) } ?? fields.value("session-id", in: line).flatMap { line.integer($0) },
                fields.value("packets-from-client", in: line).flatMap { line.integer($0) })
    }

    /// The text rendition: `session created|denied|closed REASON: SRC/SPORT->DST/DPORT SERVICE ...`.
    private func text(_ line: Span<UInt8>, from start: Int, event: Event, into o: inout Observation) -> (Int?, Int?)? {
        var tokens = InlineArray<24, Range<Int>>(repeating: 0..<0)
        var count = 0
        // The tuple is the first token holding "->"; the words before it (reason text) are skipped.
        var i = start
        var seenTuple = false
        while i < line.count && count < 24 {
            while i < line.count && line[i] == 32 { i += 1 }
            let tokenStart = i
            while i < line.count && line[i] != 32 { i += 1 }
            guard i > tokenStart else { break }
            if !seenTuple {
                guard line.firstIndex(of: "->", in: tokenStart..<i) != nil else { continue }
                seenTuple = true
            }
            tokens[count] = tokenStart..<i
            count += 1
        }
        guard count >= 3, let (source, sourcePort, destination, destinationPort) = JuniperSRXParser.tuple(line, tokens[0]) else { return nil }
        o.source = source
        o.destination = destination
        // CREATE/CLOSE: tuple service nat-tuple src-rule dst-rule protocol ...; DENY: tuple service protocol(icmp-type) ...
        let protocolToken = event == .deny ? tokens[2] : count > 5 ? tokens[5] : tokens[2]
        var protocolEnd = protocolToken.lowerBound
        while protocolEnd < protocolToken.upperBound && line[protocolEnd] != 40 { protocolEnd += 1 }
        guard let proto = line.integer(protocolToken.lowerBound..<protocolEnd) else { return nil }
        o.ipProtocol = UInt8(clamping: proto)
        o.sourcePort = sourcePort
        o.destinationPort = destinationPort
        if o.ipProtocol == IPProtocolNumber.icmp || o.ipProtocol == IPProtocolNumber.icmpv6,
           protocolEnd + 2 < protocolToken.upperBound, let type = line.integer(protocolEnd + 1..<protocolToken.upperBound - 1) {
            o.icmpType = UInt8(clamping: type)
            (o.sourcePort, o.destinationPort) = (nil, nil)
        }
        // CLOSE: ... policy from-zone to-zone session-id packets(bytes) ...
        var session: Int? = nil, packets: Int? = nil
        if event != .deny && count > 9 { session = line.integer(tokens[9]) }
        if event == .close && count > 10 {
            var end = tokens[10].lowerBound
            while end < tokens[10].upperBound && line[end] != 40 { end += 1 }
            packets = line.integer(tokens[10].lowerBound..<end)
        }
        return (session, packets)
    }

    /// `10.0.0.1/3306->198.51.100.7/80` (IPv6 addresses hold colons, never a slash).
    static func tuple(_ line: Span<UInt8>, _ token: Range<Int>) -> (IPAddress, UInt16?, IPAddress, UInt16?)? {
        guard let arrow = line.firstIndex(of: "->", in: token) else { return nil }
        func side(_ range: Range<Int>) -> (IPAddress, UInt16?)? {
            guard let slash = line.lastIndex(of: 47, in: range), let address = line.address(range.lowerBound..<slash) else {
                return line.address(range).map { ($0, nil) }
            }
            return (address, line.integer(slash + 1..<range.upperBound).map { UInt16(clamping: $0) })
        }
        guard let (source, sourcePort) = side(token.lowerBound..<arrow),
              let (destination, destinationPort) = side(arrow + 2..<token.upperBound) else { return nil }
        return (source, sourcePort, destination, destinationPort)
    }
}
