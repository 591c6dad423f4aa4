/// IANA protocol numbers the decoders and detectors name.
public enum IPProtocolNumber {
    /// ICMP: echo, time-exceeded and unreachable are most of the evidence.
    public static let icmp: UInt8 = 1
    /// IPv4 in IP: a tunnel the decoder follows to the inner packet.
    public static let ipv4InIP: UInt8 = 4
    /// TCP: SYN probes, HTTP requests, TLS server names, connection starts.
    public static let tcp: UInt8 = 6
    /// UDP: traceroute probes, DNS, and the UDP tunnels.
    public static let udp: UInt8 = 17
    /// IPv6 in IP (6in4): a tunnel the decoder follows.
    public static let ipv6InIP: UInt8 = 41
    /// GRE: a tunnel the decoder follows (ERSPAN, PPTP, transparent Ethernet).
    public static let gre: UInt8 = 47
    /// ICMPv6: the IPv6 forms of echo, time-exceeded and unreachable.
    public static let icmpv6: UInt8 = 58

    /// The name the observation schema uses: `icmp`, `icmp6`, `udp`, `tcp`, or the number.
    public static func name(_ number: UInt8) -> String {
        switch number {
        case icmp: "icmp"
        case icmpv6: "icmp6"
        case tcp: "tcp"
        case udp: "udp"
        default: String(number)
        }
    }

    /// A protocol as logs write it: its number, or its name in any case (`tcp`, `UDP`, `icmpv6`,
    /// `sctp`...); nil for a name no parser needs.
    public static func named(_ line: Span<UInt8>, _ range: Range<Int>) -> UInt8? {
        if !range.isEmpty, range.count <= 18, range.lowerBound >= 0, range.upperBound <= line.count,
           range.allSatisfy({ line[$0] >= 48 && line[$0] <= 57 }) {
            var value = 0
            for i in range { value = value * 10 + Int(line[i] - 48) }
            return UInt8(clamping: value)
        }
        if line.equalsIgnoringCase("tcp", range) { return tcp }
        if line.equalsIgnoringCase("udp", range) || line.equalsIgnoringCase("udplite", range) { return udp }
        if line.equalsIgnoringCase("icmp", range) { return icmp }
        if line.equalsIgnoringCase("icmpv6", range) { return icmpv6 }
        if line.equalsIgnoringCase("sctp", range) { return 132 }
        if line.equalsIgnoringCase("gre", range) { return gre }
        if line.equalsIgnoringCase("esp", range) { return 50 }
        if line.equalsIgnoringCase("ah", range) { return 51 }
        return nil
    }
}
