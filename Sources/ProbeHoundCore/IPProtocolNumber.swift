/// IANA protocol numbers the decoders and detectors name.
public enum IPProtocolNumber {
    public static let icmp: UInt8 = 1
    public static let ipv4InIP: UInt8 = 4
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let ipv6InIP: UInt8 = 41
    public static let gre: UInt8 = 47
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
}
