/// One decoded packet or log record: the single currency between inputs and detectors.
///
/// Optional fields are those the source did not carry (firewall logs seldom have a TTL; an ICMP
/// packet has no ports). Text fields (HTTP, DNS) are `ByteRange`s into the record's bytes.
public struct Observation: Sendable {
    public var timestamp: Timestamp = .zero
    public var source: IPAddress = IPAddress(v4: 0)
    public var destination: IPAddress = IPAddress(v4: 0)
    /// IANA protocol number of the innermost transport (after tunnels and extension headers).
    public var ipProtocol: UInt8 = 0
    /// IPv4 TTL or IPv6 hop limit.
    public var ttl: UInt8? = nil
    /// IPv4 identification (or IPv6 fragment identification) used to drop duplicate copies.
    public var ipID: UInt32? = nil
    /// IP total length in bytes (header included), as on the wire.
    public var length: Int = 0
    public var sourcePort: UInt16? = nil
    public var destinationPort: UInt16? = nil
    public var icmpType: UInt8? = nil
    public var icmpCode: UInt8? = nil
    public var icmpID: UInt16? = nil
    public var icmpSequence: UInt16? = nil
    public var icmpPayload: ICMPPayloadPattern? = nil
    public var tcpFlags: TCPFlags? = nil
    public var tcpSequence: UInt32? = nil
    public var tcpAcknowledgment: UInt32? = nil
    /// Window and header length of a TCP segment: with the flags they tell probing tools' SYNs apart.
    public var tcpWindow: UInt16? = nil
    public var tcpHeaderLength: UInt8? = nil
    /// Bytes of transport payload captured (TCP/UDP data, ICMP echo data).
    public var payloadLength: Int = 0
    /// The packet an ICMP error quotes.
    public var inner: QuotedPacket? = nil
    public var http: HTTPRequest? = nil
    public var dns: DNSQuestion? = nil
    /// Server name of a TLS ClientHello.
    public var tlsServerName: ByteRange? = nil
    public var action: FirewallAction? = nil
    /// A DNS query name given as text (logs), where packets give `dns`.
    public var queryName: ByteRange? = nil
    /// Packets this record stands for (a flow record or an ICMP session summarises several).
    public var packetCount: Int = 1
    /// Seconds from a flow record's first packet to its last (Zeek conn.log `duration`); 0 for a
    /// packet. An aggregated time-exceeded record answers every probe burst within that span.
    public var duration: Double = 0

    /// The most packets one log record may stand for. Log counts are attacker-writable (up to 10^18
    /// parse); held to 10^9 per record, a sum over records cannot overflow before 9 × 10^9 records.
    public static let maximumPacketCount = 1_000_000_000

    /// A record's packet count as a log states it: 1 when absent or below 1, at most `maximumPacketCount`.
    @inlinable
    public static func packetCount(_ stated: Int?) -> Int {
        min(max(1, stated ?? 1), maximumPacketCount)
    }
    /// Decoding stopped early because the capture was cut short (snaplen); fields after that point are nil.
    public var isPartial: Bool = false
    /// A non-first IP fragment: the datagram's first fragment is the probe, this is the rest of it.
    public var isLaterFragment: Bool = false
    /// The encapsulation the packet arrived in, nil for a plain packet.
    public var tunnel: Tunnel? = nil
    public var origin: Origin = Origin(input: 0, index: 0)

    @inlinable
    public init() {}

    public var isICMPEchoRequest: Bool {
        (ipProtocol == IPProtocolNumber.icmp && icmpType == 8) || (ipProtocol == IPProtocolNumber.icmpv6 && icmpType == 128)
    }

    public var isICMPEchoReply: Bool {
        (ipProtocol == IPProtocolNumber.icmp && icmpType == 0) || (ipProtocol == IPProtocolNumber.icmpv6 && icmpType == 129)
    }

    public var isICMPTimeExceeded: Bool {
        (ipProtocol == IPProtocolNumber.icmp && icmpType == 11) || (ipProtocol == IPProtocolNumber.icmpv6 && icmpType == 3)
    }

    public var isICMPUnreachable: Bool {
        (ipProtocol == IPProtocolNumber.icmp && icmpType == 3) || (ipProtocol == IPProtocolNumber.icmpv6 && icmpType == 1)
    }
}

/// The header fields of the packet an ICMP error carries back to its sender.
public struct QuotedPacket: Sendable, Hashable {
    public var source: IPAddress
    public var destination: IPAddress
    public var ipProtocol: UInt8
    public var ttl: UInt8
    public var ipID: UInt32?
    public var sourcePort: UInt16?
    public var destinationPort: UInt16?
    public var icmpType: UInt8?
    public var icmpID: UInt16?
    public var icmpSequence: UInt16?
    public var tcpSequence: UInt32?

    public init(source: IPAddress, destination: IPAddress, ipProtocol: UInt8, ttl: UInt8) {
        self.source = source
        self.destination = destination
        self.ipProtocol = ipProtocol
        self.ttl = ttl
    }
}

public struct TCPFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    // Computed and inlinable: a `static let` would cost a lazy-initialisation check per use across modules.
    @inlinable public static var fin: TCPFlags { TCPFlags(rawValue: 0x01) }
    @inlinable public static var syn: TCPFlags { TCPFlags(rawValue: 0x02) }
    @inlinable public static var rst: TCPFlags { TCPFlags(rawValue: 0x04) }
    @inlinable public static var psh: TCPFlags { TCPFlags(rawValue: 0x08) }
    @inlinable public static var ack: TCPFlags { TCPFlags(rawValue: 0x10) }
    @inlinable public static var urg: TCPFlags { TCPFlags(rawValue: 0x20) }
}

public enum FirewallAction: String, Sendable {
    case allow, deny
}

/// What an ICMP echo payload looks like; the ping programs differ and this names them.
public enum ICMPPayloadPattern: String, Sendable {
    /// 16-byte timeval, then 0x10, 0x11, ... (Linux iputils, 64-bit).
    case iputils
    /// 8-byte timeval, then 0x08, 0x09, ... (BSD and macOS).
    case bsd
    /// `abcdefghijklmnopqrstuvwabcdefghi` (Windows ping).
    case windowsAlphabet
    /// Bytes counting up from 0x48 (0x40 plus the offset from the ICMP header): Linux `traceroute -I`.
    case tracerouteCounting
    /// All zero bytes (Windows tracert uses 64).
    case zeros
    /// 0xABCD repeated (Cisco IOS).
    case ciscoABCD
    case empty
    case other
}
