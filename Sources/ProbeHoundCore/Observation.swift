/// One decoded packet or log record: the single currency between inputs and detectors.
///
/// Optional fields are those the source did not carry (firewall logs seldom have a TTL; an ICMP
/// packet has no ports). Text fields (HTTP, DNS) are `ByteRange`s into the record's bytes.
public struct Observation: Sendable {
    /// Capture or log time: windows, bursts and follow-ups are judged on it, never on the wall clock.
    public var timestamp: Timestamp = .zero
    /// Sender of the innermost IP packet (after tunnels): the endpoint a probe is counted against.
    public var source: IPAddress = IPAddress(v4: 0)
    /// Receiver of the innermost IP packet: a probe's target.
    public var destination: IPAddress = IPAddress(v4: 0)
    /// IANA protocol number of the innermost transport (after tunnels and extension headers).
    public var ipProtocol: UInt8 = 0
    /// IPv4 TTL or IPv6 hop limit.
    public var ttl: UInt8? = nil
    /// IPv4 identification (or IPv6 fragment identification) used to drop duplicate copies.
    public var ipID: UInt32? = nil
    /// IP total length in bytes (header included), as on the wire.
    public var length: Int = 0
    /// TCP/UDP ports: traceroute port sequences, tool fingerprints, flow identity.
    public var sourcePort: UInt16? = nil
    /// Destination port: 33434+ for classic traceroute, 80/443 for TCP ones.
    public var destinationPort: UInt16? = nil
    /// ICMP type and code; nil where a log does not record them (PAN-OS, VPC).
    public var icmpType: UInt8? = nil
    /// ICMP code: port unreachable (3) ends a UDP traceroute.
    public var icmpCode: UInt8? = nil
    /// Echo identifier and sequence: what replies and quoted probes are matched by.
    public var icmpID: UInt16? = nil
    /// Echo sequence number.
    public var icmpSequence: UInt16? = nil
    /// The echo data's pattern, which names the ping program.
    public var icmpPayload: ICMPPayloadPattern? = nil
    /// TCP flags, sequence and acknowledgment: SYN probes and the SYN-ACK/RST that answer them.
    public var tcpFlags: TCPFlags? = nil
    /// TCP sequence number: a SYN probe's identity.
    public var tcpSequence: UInt32? = nil
    /// TCP acknowledgment: a SYN-ACK or RST names the probe it answers.
    public var tcpAcknowledgment: UInt32? = nil
    /// Window and header length of a TCP segment: with the flags they tell probing tools' SYNs apart.
    public var tcpWindow: UInt16? = nil
    /// TCP header length in bytes (options make it longer).
    public var tcpHeaderLength: UInt8? = nil
    /// Bytes of transport payload captured (TCP/UDP data, ICMP echo data).
    public var payloadLength: Int = 0
    /// The packet an ICMP error quotes.
    public var inner: QuotedPacket? = nil
    /// An HTTP request in this segment or log record.
    public var http: HTTPRequest? = nil
    /// The DNS question of a packet (logs give `queryName` instead).
    public var dns: DNSQuestion? = nil
    /// Server name of a TLS ClientHello.
    public var tlsServerName: ByteRange? = nil
    /// What a firewall did with it (logs only).
    public var action: FirewallAction? = nil
    /// A DNS query name given as text (logs), where packets give `dns`.
    public var queryName: ByteRange? = nil
    /// A host telemetry record's process, nil for packets and network logs.
    public var process: ProcessActivity? = nil
    /// Packets the responder sent back where a flow record counts them (Zeek's `resp_pkts`): for an
    /// ICMP echo record, the target's replies. 0 for packets and for logs that do not say.
    public var answerCount: Int = 0
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
    /// The frame or line it came from: the finding's evidence.
    public var origin: Origin = Origin(input: 0, index: 0)

    @inlinable
    /// An empty observation a decoder or parser fills in.
    public init() {}

    /// An echo request (ICMP 8 or ICMPv6 128): a ping.
    public var isICMPEchoRequest: Bool {
        (ipProtocol == IPProtocolNumber.icmp && icmpType == 8) || (ipProtocol == IPProtocolNumber.icmpv6 && icmpType == 128)
    }

    /// An echo reply (ICMP 0 or ICMPv6 129): the target answered.
    public var isICMPEchoReply: Bool {
        (ipProtocol == IPProtocolNumber.icmp && icmpType == 0) || (ipProtocol == IPProtocolNumber.icmpv6 && icmpType == 129)
    }

    /// Time exceeded (ICMP 11 or ICMPv6 3): a router on a traceroute's path.
    public var isICMPTimeExceeded: Bool {
        (ipProtocol == IPProtocolNumber.icmp && icmpType == 11) || (ipProtocol == IPProtocolNumber.icmpv6 && icmpType == 3)
    }

    /// Destination unreachable (ICMP 3 or ICMPv6 1): often a UDP traceroute's end.
    public var isICMPUnreachable: Bool {
        (ipProtocol == IPProtocolNumber.icmp && icmpType == 3) || (ipProtocol == IPProtocolNumber.icmpv6 && icmpType == 1)
    }
}

/// The header fields of the packet an ICMP error carries back to its sender.
///
/// A router's time-exceeded quotes the probe it dropped: its sender is the probing endpoint, its
/// destination the traceroute's target, and its identity (IP ID, ports, ICMP id/sequence, TCP
/// sequence) ties the answer to the probe and so the router to a TTL.
public struct QuotedPacket: Sendable, Hashable {
    /// The probe's sender (the endpoint) and destination (the target).
    public var source: IPAddress
    /// The probe's destination: the traceroute's target.
    public var destination: IPAddress
    /// The probe's protocol: the traceroute's method (UDP, ICMP, TCP).
    public var ipProtocol: UInt8
    /// TTL left in the quoted header (usually 1 at the router that dropped it).
    public var ttl: UInt8
    /// The probe's identity, as far as the quote holds it, for matching it to the probe sent.
    public var ipID: UInt32?
    /// The probe's ports (a UDP or TCP traceroute).
    public var sourcePort: UInt16?
    /// The probe's destination port: 33434+ for classic traceroute.
    public var destinationPort: UInt16?
    /// The probe's ICMP type, identifier and sequence (an ICMP traceroute).
    public var icmpType: UInt8?
    /// The probe's echo identifier.
    public var icmpID: UInt16?
    /// The probe's echo sequence number.
    public var icmpSequence: UInt16?
    /// The probe's TCP sequence number (a TCP traceroute).
    public var tcpSequence: UInt32?

    /// A quote with its addresses, protocol and TTL; the rest is filled in as far as the quote reaches.
    public init(source: IPAddress, destination: IPAddress, ipProtocol: UInt8, ttl: UInt8) {
        self.source = source
        self.destination = destination
        self.ipProtocol = ipProtocol
        self.ttl = ttl
    }
}

/// The TCP flags a detector tests (SYN, ACK, RST...).
public struct TCPFlags: OptionSet, Sendable, Hashable {
    /// The flags byte as on the wire.
    public let rawValue: UInt8
    /// Flags from the header's flags byte.
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    // Computed and inlinable: a `static let` would cost a lazy-initialisation check per use across modules.
    /// FIN: the sender closes.
    @inlinable public static var fin: TCPFlags { TCPFlags(rawValue: 0x01) }
    /// SYN: a connection start, or a TCP traceroute's probe.
    @inlinable public static var syn: TCPFlags { TCPFlags(rawValue: 0x02) }
    /// RST: refused (a closed port answering a TCP probe).
    @inlinable public static var rst: TCPFlags { TCPFlags(rawValue: 0x04) }
    /// PSH.
    @inlinable public static var psh: TCPFlags { TCPFlags(rawValue: 0x08) }
    /// ACK: with SYN, the target answering.
    @inlinable public static var ack: TCPFlags { TCPFlags(rawValue: 0x10) }
    /// URG.
    @inlinable public static var urg: TCPFlags { TCPFlags(rawValue: 0x20) }
}

/// A firewall's verdict on a logged packet or flow.
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
