public import ProbeHoundCore

/// Linux netfilter `LOG` target lines (iptables, ip6tables, nftables `log`, ufw, firewalld,
/// Shorewall, SuSEfirewall2, ulogd LOGEMU) in any syslog wrapping or a journald JSON export:
/// `PREFIX IN=eth0 OUT= ... SRC=a DST=b LEN= TTL= ID= PROTO=ICMP TYPE=8 CODE=0 ID=1 SEQ=2`.
/// An ICMP error's quoted packet follows in brackets: `[SRC=... DST=... TTL=1 ... PROTO=UDP SPT= DPT=]`.
/// The action comes from the log prefix (DROP, REJECT, DENY, BLOCK / ACCEPT, ALLOW, PASS).
public struct NetfilterLogParser: LogRecordParser {
    public init() {}

    public mutating func parse(_ line: Span<UInt8>, into observation: inout Observation, context: LogContext) -> LineVerdict {
        var start = 0
        var end = line.count
        if line.count > 0 && line[0] == 123 {   // journald JSON: the kernel message is MESSAGE
            guard let message = JSONScanner.stringValue(line, key: "MESSAGE") else { return .skipped(.unparsed) }
            if let micros = JSONScanner.stringValue(line, key: "__REALTIME_TIMESTAMP"), let value = line.integer(micros) {
                observation.timestamp = Timestamp(seconds: 0, fraction: value, unitsPerSecond: 1_000_000)
            }
            start = message.lowerBound
            end = message.upperBound
        } else {
            let envelope = SyslogEnvelope(parsing: line, defaultYear: context.defaultYear)
            if let time = envelope.timestamp { observation.timestamp = time }
            start = envelope.bodyStart
        }
        guard let source = line.firstIndex(of: "SRC=", in: start..<end) else { return .skipped(.unparsed) }
        observation.action = NetfilterLogParser.action(line, start..<source)

        var sawSource = false, sawDestination = false
        var protocolSeen = false
        var quoted: QuotedPacket? = nil
        var inQuote = false
        var quoteSource: IPAddress? = nil, quoteDestination: IPAddress? = nil
        var quoteTTL: UInt8 = 0, quoteProtocol: UInt8 = 0, quoteProtocolSeen = false
        var quoteID: UInt32? = nil, quoteSourcePort: UInt16? = nil, quoteDestinationPort: UInt16? = nil
        var quoteICMPID: UInt16? = nil, quoteICMPSequence: UInt16? = nil

        var i = source
        while i < end {
            while i < end && line[i] == 32 { i += 1 }
            var tokenEnd = i
            while tokenEnd < end && line[tokenEnd] != 32 { tokenEnd += 1 }
            if tokenEnd == i { break }
            var tokenStart = i
            if line[tokenStart] == 91 { inQuote = true; tokenStart += 1 }   // '['
            var valueEnd = tokenEnd
            if valueEnd > tokenStart && line[valueEnd - 1] == 93 { valueEnd -= 1 }   // ']'
            if let equals = line.firstIndex(of: 61, in: tokenStart..<valueEnd) {
                let key = tokenStart..<equals
                let value = equals + 1..<valueEnd
                if inQuote {
                    if line.equals("SRC", key) { quoteSource = line.address(value) }
                    else if line.equals("DST", key) { quoteDestination = line.address(value) }
                    else if line.equals("TTL", key) || line.equals("HOPLIMIT", key) { quoteTTL = UInt8(clamping: line.integer(value) ?? 0) }
                    else if line.equals("PROTO", key) { quoteProtocol = IPProtocolNumber.named(line, value) ?? 0; quoteProtocolSeen = true }
                    else if line.equals("ID", key) {
                        if quoteProtocolSeen { quoteICMPID = line.integer(value).map { UInt16(clamping: $0) } }
                        else { quoteID = line.integer(value).map { UInt32(clamping: $0) } }
                    }
                    else if line.equals("SEQ", key) { quoteICMPSequence = line.integer(value).map { UInt16(clamping: $0) } }
                    else if line.equals("SPT", key) { quoteSourcePort = line.integer(value).map { UInt16(clamping: $0) } }
                    else if line.equals("DPT", key) { quoteDestinationPort = line.integer(value).map { UInt16(clamping: $0) } }
                } else {
                    if line.equals("SRC", key) { if let a = line.address(value) { observation.source = a; sawSource = true } }
                    else if line.equals("DST", key) { if let a = line.address(value) { observation.destination = a; sawDestination = true } }
                    else if line.equals("TTL", key) || line.equals("HOPLIMIT", key) { observation.ttl = line.integer(value).map { UInt8(clamping: $0) } }
                    else if line.equals("LEN", key) && !protocolSeen { observation.length = line.integer(value) ?? 0 }
                    else if line.equals("PROTO", key) {
                        guard let number = IPProtocolNumber.named(line, value) else { return .skipped(.unparsed) }
                        observation.ipProtocol = number
                        protocolSeen = true
                    }
                    else if line.equals("ID", key) {
                        if protocolSeen { observation.icmpID = line.integer(value).map { UInt16(clamping: $0) } }
                        else { observation.ipID = line.integer(value).map { UInt32(clamping: $0) } }
                    }
                    else if line.equals("SEQ", key) { observation.icmpSequence = line.integer(value).map { UInt16(clamping: $0) } }
                    else if line.equals("TYPE", key) { observation.icmpType = line.integer(value).map { UInt8(clamping: $0) } }
                    else if line.equals("CODE", key) { observation.icmpCode = line.integer(value).map { UInt8(clamping: $0) } }
                    else if line.equals("SPT", key) { observation.sourcePort = line.integer(value).map { UInt16(clamping: $0) } }
                    else if line.equals("DPT", key) { observation.destinationPort = line.integer(value).map { UInt16(clamping: $0) } }
                }
            } else if !inQuote && protocolSeen && observation.ipProtocol == IPProtocolNumber.tcp {
                NetfilterLogParser.tcpFlag(line, tokenStart..<valueEnd, into: &observation)
            }
            if tokenEnd > tokenStart && line[tokenEnd - 1] == 93 && inQuote {
                inQuote = false
                if let s = quoteSource, let d = quoteDestination {
                    var packet = QuotedPacket(source: s, destination: d, ipProtocol: quoteProtocol, ttl: quoteTTL)
                    packet.ipID = quoteID
                    packet.sourcePort = quoteSourcePort
                    packet.destinationPort = quoteDestinationPort
                    packet.icmpID = quoteICMPID
                    packet.icmpSequence = quoteICMPSequence
                    quoted = packet
                }
            }
            i = tokenEnd
        }
        guard sawSource, sawDestination, protocolSeen else { return .skipped(.unparsed) }
        if observation.ipProtocol == IPProtocolNumber.icmp || observation.ipProtocol == IPProtocolNumber.icmpv6 {
            observation.inner = quoted
        }
        return .observation
    }

    /// A LOG line's flag token (`SYN`, `ACK`, `FIN`, `RST`, `PSH`, `URG`) added to the observation's flags.
    static func tcpFlag(_ line: Span<UInt8>, _ token: Range<Int>, into observation: inout Observation) {
        var flags = observation.tcpFlags ?? []
        if line.equals("SYN", token) { flags.insert(.syn) }
        else if line.equals("ACK", token) { flags.insert(.ack) }
        else if line.equals("FIN", token) { flags.insert(.fin) }
        else if line.equals("RST", token) { flags.insert(.rst) }
        else if line.equals("PSH", token) { flags.insert(.psh) }
        else if line.equals("URG", token) { flags.insert(.urg) }
        else { return }
        observation.tcpFlags = flags
    }

    /// The verdict a log prefix names, if any.
    /// The verdict a log prefix names (`FW-DROP-OUT`, `[UFW BLOCK]`, `ACCEPT-IN`, Shorewall's
    /// `net-fw DROP`, SuSEfirewall2's `-D]`/`-A]`): a deny word anywhere wins over an allow word.
    /// One pass over the prefix, testing a word only where its first byte stands.
    static func action(_ line: Span<UInt8>, _ prefix: Range<Int>) -> FirewallAction? {
        guard prefix.lowerBound >= 0, prefix.upperBound <= line.count else { return nil }
        var verdict: FirewallAction? = nil
        for i in prefix where verdictStart[Int(line[i])] {
            for (word, meaning) in verdictWords where word[0] == line[i] && i + word.count <= prefix.upperBound {
                var j = 1
                while j < word.count && line[i + j] == word[j] { j += 1 }
                guard j == word.count else { continue }
                if meaning == .deny { return .deny }
                verdict = .allow
            }
        }
        return verdict
    }

    static let verdictWords: [([UInt8], FirewallAction)] =
        ["DROP", "REJECT", "DENY", "BLOCK", "Drop", "Reject", "Deny", "Block", "-D]", "_D "].map { (Array($0.utf8), .deny) }
        + ["ACCEPT", "ALLOW", "PASS", "Accept", "Allow", "-A]"].map { (Array($0.utf8), .allow) }
    static let verdictStart: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for (word, _) in verdictWords { table[Int(word[0])] = true }
        return table
    }()
}
