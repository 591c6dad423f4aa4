import ProbeHoundCore

/// Cisco ASA / FTD / PIX syslog (`%ASA-6-302020: ...`). Connection builds (302013/302015 TCP/UDP,
/// 302020 ICMP with type and code), ACL denies and permits (106001/106006/106014/106015/106023,
/// 106100), ICMP denies (313001, 313004, 313005 with the embedded packet) and 710001-710005.
/// Teardowns (302014/302016/302021) repeat a build and count as `no_traffic`, like status messages.
public struct CiscoASAParser: LogRecordParser {
    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into observation: inout Observation, context: LogContext) -> LineVerdict {
        let envelope = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear)
        if let time = envelope.timestamp { observation.timestamp = time }
        let all = envelope.bodyStart..<line.count
        let (id, message) = messageID(line, all)
        switch id {
        case 302013, 302015, 302017: return built(line, message, into: &observation)
        case 302020: return builtICMP(line, message, into: &observation)
        case 302014, 302016, 302018, 302021, 305011, 305012, 602303, 713172: return .skipped(.noTraffic)
        case 106023, 106014: return srcDst(line, message, into: &observation, action: .deny)
        case 106001, 106006, 106015, 106021, 110002, 402117, 419001, 419002, 710003, 710001, 710002, 710005:
            return fromTo(line, message, into: &observation,
                          action: id == 710001 || id == 710002 ? .allow : .deny)
        case 106100: return accessList(line, message, into: &observation)
        case 304001: return accessedURL(line, message, into: &observation)
        case 313001, 313004: return icmpDenied(line, message, into: &observation)
        case 313005: return icmpNoConnection(line, message, into: &observation)
        case nil: return byText(line, message, into: &observation)
        default: return .skipped(.noTraffic)
        }
    }

    /// The message id (`%ASA-6-302020:`, `ASA-6-302020:`, or a bare `302020:` as some exports write)
    /// and the range of the text after it.
    private func messageID(_ line: Span<UInt8>, _ all: Range<Int>) -> (Int?, Range<Int>) {
        for tag in ["ASA-", "FTD-", "PIX-"] {
            if let marker = line.firstIndex(of: tag, in: all),
               let dash = line.firstIndex(of: 45, in: marker + 4..<min(line.count, marker + 7)),
               let colon = line.firstIndex(of: 58, in: dash + 1..<min(line.count, dash + 9)),
               let id = line.integer(dash + 1..<colon) {
                return (id, min(colon + 2, line.count)..<line.count)
            }
        }
        // A bare six-digit id followed by ':' at the start of a field.
        var i = all.lowerBound
        while i + 7 <= all.upperBound {
            if (i == all.lowerBound || line[i - 1] == 32 || line[i - 1] == 124), let id = line.integer(i..<i + 6), line[i + 6] == 58 {
                return (id, min(i + 8, line.count)..<line.count)
            }
            i += 1
        }
        return (nil, all)
    }

    /// Messages quoted without their id: recognised by their wording.
    private func byText(_ line: Span<UInt8>, _ m: Range<Int>, into o: inout Observation) -> LineVerdict {
        if line.firstIndex(of: "Built inbound ICMP", in: m) != nil || line.firstIndex(of: "Built outbound ICMP", in: m) != nil {
            return builtICMP(line, m, into: &o)
        }
        if line.firstIndex(of: "Built inbound", in: m) != nil || line.firstIndex(of: "Built outbound", in: m) != nil {
            return built(line, m, into: &o)
        }
        if line.firstIndex(of: "access-list ", in: m) != nil && line.firstIndex(of: " -> ", in: m) != nil { return accessList(line, m, into: &o) }
        if line.firstIndex(of: "Original IP payload:", in: m) != nil { return icmpNoConnection(line, m, into: &o) }
        if line.firstIndex(of: "Denied ICMP type=", in: m) != nil { return icmpDenied(line, m, into: &o) }
        if line.firstIndex(of: " Accessed URL ", in: m) != nil { return accessedURL(line, m, into: &o) }
        if line.firstIndex(of: "Deny ", in: m) != nil && line.firstIndex(of: " src ", in: m) != nil { return srcDst(line, m, into: &o, action: .deny) }
        if line.firstIndex(of: " from ", in: m) != nil && line.firstIndex(of: " to ", in: m) != nil
            && (line.firstIndex(of: "Deny", in: m) != nil || line.firstIndex(of: "denied", in: m) != nil || line.firstIndex(of: "Dropping", in: m) != nil) {
            return fromTo(line, m, into: &o, action: .deny)
        }
        return .skipped(.noTraffic)
    }

    /// `[interface:]address[/port]` in `range`.
    private func endpoint(_ line: Span<UInt8>, _ range: Range<Int>) -> (IPAddress, UInt16?)? {
        var start = range.lowerBound, end = range.upperBound
        while end > start && (line[end - 1] == 44 || line[end - 1] == 46 || line[end - 1] == 41) { end -= 1 }   // , . )
        // "… to 10.1.1.2: no matching session" (313004): the colon ends the sentence, not the address.
        if end > start, line[end - 1] == 58, line.address(start..<end - 1) != nil { end -= 1 }
        // The interface name ends at the first ':' before the address ("outside:2001:db8::1/53"),
        // unless the whole word is already an address (a bare IPv6 one has colons of its own).
        let whole = start..<(line.firstIndex(of: 47, in: start..<end) ?? end)
        if line.address(whole) == nil, let colon = line.firstIndex(of: 58, in: start..<end),
           line.address(colon + 1..<(line.firstIndex(of: 47, in: colon..<end) ?? end)) != nil {
            start = colon + 1
        }
        let slash = line.firstIndex(of: 47, in: start..<end)
        guard let address = line.address(start..<(slash ?? end)) else { return nil }
        // A port past 65535 is a corrupt field: left empty rather than clamped.
        let port = slash.flatMap { line.integer($0 + 1..<end) }.flatMap { $0 <= 65535 ? UInt16($0) : nil }
        return (address, port)
    }

    /// The next space-delimited word after `keyword` within `range`.
    private func word(after keyword: String, _ line: Span<UInt8>, _ range: Range<Int>) -> Range<Int>? {
        guard let at = line.firstIndex(of: keyword, in: range) else { return nil }
        var start = at + keyword.utf8.count
        while start < range.upperBound && line[start] == 32 { start += 1 }
        var end = start
        while end < range.upperBound && line[end] != 32 { end += 1 }
        return end > start ? start..<end : nil
    }

    /// `Built {inbound|outbound} {TCP|UDP} connection N for ifc:A/p (..) to ifc:B/q (..)`.
    private func built(_ line: Span<UInt8>, _ m: Range<Int>, into o: inout Observation) -> LineVerdict {
        guard let kind = word(after: "bound", line, m), let proto = IPProtocolNumber.named(line, kind),
              let forWord = word(after: " for ", line, m), let toWord = word(after: ") to ", line, m) ?? word(after: " to ", line, m),
              let a = endpoint(line, forWord), let b = endpoint(line, toWord) else { return .skipped(.unparsed) }
        let outbound = line.firstIndex(of: "outbound", in: m) != nil
        let (source, destination) = outbound ? (b, a) : (a, b)
        o.ipProtocol = proto
        o.source = source.0; o.sourcePort = source.1
        o.destination = destination.0; o.destinationPort = destination.1
        o.action = .allow
        return .observation
    }

    /// `Built {inbound|outbound} ICMP connection for faddr A/id gaddr G/id laddr L/id [type T code C]`.
    private func builtICMP(_ line: Span<UInt8>, _ m: Range<Int>, into o: inout Observation) -> LineVerdict {
        guard let f = word(after: "faddr", line, m).flatMap({ endpoint(line, $0) }),
              let l = word(after: "laddr", line, m).flatMap({ endpoint(line, $0) }) else { return .skipped(.unparsed) }
        let outbound = line.firstIndex(of: "outbound", in: m) != nil
        let (source, destination) = outbound ? (l, f) : (f, l)
        o.ipProtocol = source.0.isIPv6 ? IPProtocolNumber.icmpv6 : IPProtocolNumber.icmp
        o.source = source.0
        o.destination = destination.0
        o.icmpID = source.1 == 0 ? destination.1 : source.1
        o.icmpType = word(after: "type", line, m).flatMap { line.integer($0) }.map { UInt8(clamping: $0) } ?? (source.0.isIPv6 ? 128 : 8)
        o.icmpCode = word(after: "code", line, m).flatMap { line.integer($0) }.map { UInt8(clamping: $0) } ?? 0
        o.action = .allow
        return .observation
    }

    /// `Deny {tcp|udp|icmp|protocol N} src ifc:A[/p] dst ifc:B[/q] [(type T, code C)] by access-group ...`.
    private func srcDst(_ line: Span<UInt8>, _ m: Range<Int>, into o: inout Observation, action: FirewallAction) -> LineVerdict {
        guard let srcWord = word(after: " src ", line, m), let dstWord = word(after: " dst ", line, m),
              let a = endpoint(line, srcWord), let b = endpoint(line, trimParen(line, dstWord)) else { return .skipped(.unparsed) }
        // The protocol is the word before " src " (`Deny tcp src`, `Deny protocol 47 src`, `icmp src`).
        guard let srcAt = line.firstIndex(of: " src ", in: m) else { return .skipped(.unparsed) }
        var protoStart = srcAt
        while protoStart > m.lowerBound && line[protoStart - 1] != 32 { protoStart -= 1 }
        guard let proto = IPProtocolNumber.named(line, protoStart..<srcAt) else { return .skipped(.unparsed) }
        fill(&o, proto, a, b, action)
        icmpTypeCode(line, m, into: &o)
        return .observation
    }

    /// `... {TCP|UDP} ... from A/p to [ifc:]B/q ...` (106001, 106006, 106015, 710003, 419002).
    private func fromTo(_ line: Span<UInt8>, _ m: Range<Int>, into o: inout Observation, action: FirewallAction) -> LineVerdict {
        guard let fromWord = word(after: " from ", line, m), let toWord = word(after: " to ", line, fromWord.upperBound..<m.upperBound),
              let a = endpoint(line, fromWord), let b = endpoint(line, toWord) else { return .skipped(.unparsed) }
        let head = m.lowerBound..<fromWord.lowerBound
        let proto: UInt8 = line.firstIndex(of: "UDP", in: head) != nil ? IPProtocolNumber.udp
            : line.firstIndex(of: "ICMP", in: head) != nil ? IPProtocolNumber.icmp : IPProtocolNumber.tcp
        fill(&o, proto, a, b, action)
        if proto == IPProtocolNumber.tcp, line.firstIndex(of: "flags SYN", in: m) != nil { o.tcpFlags = .syn }
        return .observation
    }

    /// `access-list NAME {permitted|denied|est-allowed} proto ifc/A(p) -> ifc/B(q) hit-cnt ...`;
    /// for ICMP the parentheses hold type and code.
    private func accessList(_ line: Span<UInt8>, _ m: Range<Int>, into o: inout Observation) -> LineVerdict {
        guard let arrow = line.firstIndex(of: " -> ", in: m) else { return .skipped(.unparsed) }
        let sourceEnd = arrow
        var sourceStart = sourceEnd
        while sourceStart > m.lowerBound && line[sourceStart - 1] != 32 { sourceStart -= 1 }
        let protoEnd = sourceStart - 1
        var protoStart = protoEnd
        while protoStart > m.lowerBound && line[protoStart - 1] != 32 { protoStart -= 1 }
        guard protoEnd > protoStart, let proto = IPProtocolNumber.named(line, protoStart..<protoEnd) else { return .skipped(.unparsed) }
        var destinationEnd = arrow + 4
        while destinationEnd < m.upperBound && line[destinationEnd] != 32 { destinationEnd += 1 }
        guard let a = parenEndpoint(line, sourceStart..<sourceEnd), let b = parenEndpoint(line, arrow + 4..<destinationEnd) else {
            return .skipped(.unparsed)
        }
        let permitted = line.firstIndex(of: " permitted ", in: m) != nil || line.firstIndex(of: " est-allowed ", in: m) != nil
        fill(&o, proto, (a.0, a.1), (b.0, b.1), permitted ? .allow : .deny)
        if proto == IPProtocolNumber.icmp || proto == IPProtocolNumber.icmpv6 {
            o.icmpType = a.1.map { UInt8(clamping: $0) }
            o.icmpCode = b.1.map { UInt8(clamping: $0) }
            o.sourcePort = nil; o.destinationPort = nil
        }
        return .observation
    }

    /// 304001 `CLIENT[(user)] Accessed URL SERVER:URL`: an HTTP request through the URL filter.
    private func accessedURL(_ line: Span<UInt8>, _ m: Range<Int>, into o: inout Observation) -> LineVerdict {
        guard let at = line.firstIndex(of: " Accessed URL ", in: m) else { return .skipped(.unparsed) }
        var clientStart = at
        while clientStart > m.lowerBound && line[clientStart - 1] != 32 { clientStart -= 1 }
        let clientEnd = line.firstIndex(of: 40, in: clientStart..<at) ?? at
        let rest = at + 14..<m.upperBound
        guard let client = line.address(clientStart..<clientEnd), let colon = line.firstIndex(of: 58, in: rest),
              let server = line.address(rest.lowerBound..<colon) else { return .skipped(.unparsed) }
        var urlEnd = colon + 1
        while urlEnd < m.upperBound && line[urlEnd] != 32 { urlEnd += 1 }
        let url = colon + 1..<urlEnd
        o.ipProtocol = IPProtocolNumber.tcp
        o.source = client
        o.destination = server
        o.destinationPort = line.hasPrefix("https", at: url.lowerBound) ? 443 : 80
        // The log gives no method (a URL filter sees requests, nearly all GETs): an empty method range says so.
        var request = HTTPRequest(method: ByteRange(start: 0, count: 0), target: ByteRange(start: url.lowerBound, count: url.count))
        if let scheme = line.firstIndex(of: "://", in: url) {
            let hostStart = scheme + 3
            let hostEnd = line.firstIndex(of: 47, in: hostStart..<url.upperBound) ?? url.upperBound
            request.host = ByteRange(start: hostStart, count: hostEnd - hostStart)
            request.target = ByteRange(start: hostEnd, count: url.upperBound - hostEnd)
        }
        o.http = request
        o.action = .allow
        return .observation
    }

    /// `ifc/address(port)`.
    private func parenEndpoint(_ line: Span<UInt8>, _ range: Range<Int>) -> (IPAddress, UInt16?)? {
        let slash = line.firstIndex(of: 47, in: range).map { $0 + 1 } ?? range.lowerBound
        let open = line.firstIndex(of: 40, in: slash..<range.upperBound) ?? range.upperBound
        guard let address = line.address(slash..<open) else { return nil }
        let close = line.firstIndex(of: 41, in: open..<range.upperBound) ?? range.upperBound
        return (address, open < range.upperBound ? line.integer(open + 1..<close).map { UInt16(clamping: $0) } : nil)
    }

    /// 313001 `Denied ICMP type=T, code=C from A on interface X`; 313004 `... from laddr A on interface X to B: ...`.
    private func icmpDenied(_ line: Span<UInt8>, _ m: Range<Int>, into o: inout Observation) -> LineVerdict {
        guard let typeAt = line.firstIndex(of: "type=", in: m) else { return .skipped(.unparsed) }
        var typeEnd = typeAt + 5
        while typeEnd < m.upperBound && line[typeEnd] >= 48 && line[typeEnd] <= 57 { typeEnd += 1 }
        let fromWord = word(after: "from laddr", line, m) ?? word(after: " from ", line, m)
        guard let fromWord, let source = endpoint(line, fromWord) else { return .skipped(.unparsed) }
        o.ipProtocol = source.0.isIPv6 ? IPProtocolNumber.icmpv6 : IPProtocolNumber.icmp
        o.source = source.0
        o.icmpType = line.integer(typeAt + 5..<typeEnd).map { UInt8(clamping: $0) }
        if let codeAt = line.firstIndex(of: "code=", in: m) {
            var codeEnd = codeAt + 5
            while codeEnd < m.upperBound && line[codeEnd] >= 48 && line[codeEnd] <= 57 { codeEnd += 1 }
            o.icmpCode = line.integer(codeAt + 5..<codeEnd).map { UInt8(clamping: $0) }
        }
        if let toWord = word(after: " to ", line, m), let destination = endpoint(line, toWord) {
            o.destination = destination.0
        } else {
            o.destination = source.0.isIPv6 ? IPAddress(v6High: 0, low: 0) : IPAddress(v4: 0)
        }
        o.action = .deny
        return .observation
    }

    /// 313005: an ICMP error with no session, with the packet it quotes.
    private func icmpNoConnection(_ line: Span<UInt8>, _ m: Range<Int>, into o: inout Observation) -> LineVerdict {
        guard let payload = line.firstIndex(of: "Original IP payload:", in: m) else { return .skipped(.unparsed) }
        let head = m.lowerBound..<payload
        guard srcDst(line, head, into: &o, action: .deny) == .observation else { return .skipped(.unparsed) }
        o.ipProtocol = o.source.isIPv6 ? IPProtocolNumber.icmpv6 : IPProtocolNumber.icmp
        let tail = payload..<m.upperBound
        if let srcWord = word(after: " src ", line, tail), let dstWord = word(after: " dst ", line, tail),
           let a = endpoint(line, srcWord), let b = endpoint(line, dstWord),
           let protoWord = word(after: "payload:", line, tail), let proto = IPProtocolNumber.named(line, protoWord) {
            var inner = QuotedPacket(source: a.0, destination: b.0, ipProtocol: proto, ttl: 0)
            inner.sourcePort = a.1
            inner.destinationPort = b.1
            o.inner = inner
        }
        return .observation
    }

    private func icmpTypeCode(_ line: Span<UInt8>, _ m: Range<Int>, into o: inout Observation) {
        guard o.ipProtocol == IPProtocolNumber.icmp || o.ipProtocol == IPProtocolNumber.icmpv6,
              let typeAt = line.firstIndex(of: "(type ", in: m) else { return }
        var typeEnd = typeAt + 6
        while typeEnd < m.upperBound && line[typeEnd] >= 48 && line[typeEnd] <= 57 { typeEnd += 1 }
        o.icmpType = line.integer(typeAt + 6..<typeEnd).map { UInt8(clamping: $0) }
        if let codeAt = line.firstIndex(of: "code ", in: typeEnd..<m.upperBound) {
            var codeEnd = codeAt + 5
            while codeEnd < m.upperBound && line[codeEnd] >= 48 && line[codeEnd] <= 57 { codeEnd += 1 }
            o.icmpCode = line.integer(codeAt + 5..<codeEnd).map { UInt8(clamping: $0) }
        }
        o.sourcePort = nil
        o.destinationPort = nil
    }

    private func trimParen(_ line: Span<UInt8>, _ range: Range<Int>) -> Range<Int> {
        if let open = line.firstIndex(of: 40, in: range) { return range.lowerBound..<open }
        return range
    }

    private func fill(_ o: inout Observation, _ proto: UInt8, _ a: (IPAddress, UInt16?), _ b: (IPAddress, UInt16?), _ action: FirewallAction) {
        o.ipProtocol = proto
        o.source = a.0; o.sourcePort = a.1
        o.destination = b.0; o.destinationPort = b.1
        o.action = action
    }
}
