/// The encapsulation an observed packet arrived in: remote SPAN (ERSPAN over GRE), cloud packet
/// mirroring (VXLAN, Geneve), carrier and home links (PPPoE, MPLS), tunnels (GRE, IP-in-IP, Teredo,
/// GTP-U). The inner packet is the observation; this says where it came from.
public enum TunnelKind: Int, CaseIterable, Sendable {
    case pppoe, mpls, gre, erspanII, erspanIII, vxlan, geneve, teredo, gtpU, ipInIP, l2tp

    /// The name in summaries and `--emit observations`.
    public var name: String {
        switch self {
        case .pppoe: "pppoe"
        case .mpls: "mpls"
        case .gre: "gre"
        case .erspanII: "erspan2"
        case .erspanIII: "erspan3"
        case .vxlan: "vxlan"
        case .geneve: "geneve"
        case .teredo: "teredo"
        case .gtpU: "gtp-u"
        case .ipInIP: "ip-in-ip"
        case .l2tp: "l2tp"
        }
    }
}

/// The innermost encapsulation of an observed packet: its kind, the outer endpoints where it has an
/// outer IP header, and its identifier (PPPoE session, MPLS bottom label, GRE key, ERSPAN session,
/// VXLAN/Geneve VNI, GTP TEID). A fixed-size value: decoding allocates nothing.
public struct Tunnel: Sendable, Equatable {
    /// Which encapsulation (PPPoE, GRE, VXLAN...).
    public var kind: TunnelKind
    /// The outer header's addresses: the tunnel endpoints, where the encapsulation has an IP header.
    public var outerSource: IPAddress?
    /// The outer destination (a VTEP, GRE peer, collector).
    public var outerDestination: IPAddress?
    /// Session, key, label, VNI or TEID: which tunnel of several it was.
    public var identifier: UInt32?

    /// A tunnel as its decoder found it.
    public init(kind: TunnelKind, outerSource: IPAddress? = nil, outerDestination: IPAddress? = nil, identifier: UInt32? = nil) {
        self.kind = kind
        self.outerSource = outerSource
        self.outerDestination = outerDestination
        self.identifier = identifier
    }
}

/// Frames counted by the encapsulation they arrived in, in a fixed-size value.
public struct TunnelCounts: Sendable, Equatable {
    private var counts = InlineArray<16, Int>(repeating: 0)

    /// No frames counted yet.
    public init() {}

    /// Equal when every kind's count is.
    public static func == (a: TunnelCounts, b: TunnelCounts) -> Bool {
        TunnelKind.allCases.allSatisfy { a[$0] == b[$0] }
    }

    /// Counts frames that arrived in `kind`.
    public mutating func add(_ kind: TunnelKind, _ amount: Int = 1) { counts[kind.rawValue] += amount }

    /// Adds another reader's counts (a capture worker's).
    public mutating func merge(_ other: TunnelCounts) {
        for kind in TunnelKind.allCases { add(kind, other[kind]) }
    }

    /// Frames that arrived in one kind.
    public subscript(kind: TunnelKind) -> Int { counts[kind.rawValue] }

    /// Non-zero kinds in declaration order.
    public var nonZero: [(TunnelKind, Int)] {
        TunnelKind.allCases.compactMap { self[$0] > 0 ? ($0, self[$0]) : nil }
    }

    /// "vxlan 4, gre 2": the non-zero kinds as the text summaries print them.
    public var listing: String {
        nonZero.map { "\($0.0.name) \($0.1)" }.joined(separator: ", ")
    }
}

extension Tunnel: CustomStringConvertible {
    /// "vxlan 10.0.0.1 -> 10.0.0.2 id 123", "pppoe id 45".
    public var description: String {
        var text = kind.name
        if let outerSource, let outerDestination { text += " \(outerSource) -> \(outerDestination)" }
        if let identifier { text += " id \(identifier)" }
        return text
    }
}

/// The UDP ports on which tunnels are decoded: VXLAN (RFC 7348), Geneve (RFC 8926), Teredo
/// (RFC 4380), GTP-U (3GPP TS 29.281) and L2TPv2 (RFC 2661) at their IANA ports unless configured otherwise.
public struct TunnelPorts: Sendable, Equatable {
    /// VXLAN's UDP port (`vxlan_port`).
    public var vxlan: UInt16 = 4789
    /// Geneve's UDP port (`geneve_port`).
    public var geneve: UInt16 = 6081
    /// Teredo's UDP port (`teredo_port`).
    public var teredo: UInt16 = 3544
    /// GTP-U's UDP port (`gtpu_port`).
    public var gtpU: UInt16 = 2152
    /// L2TPv2's UDP port (`l2tp_port`).
    public var l2tp: UInt16 = 1701

    /// The IANA ports.
    public init() {}

    /// The tunnel a UDP packet's ports say it may carry, or nil: the cheap first test on every UDP
    /// packet, and the one place that decides which tunnel decoder reads it. VXLAN and Geneve go by
    /// destination port alone (their source port is a flow hash); GTP-U, Teredo and L2TP by either.
    @inlinable
    public func udpTunnel(sourcePort: UInt16, destinationPort: UInt16) -> TunnelKind? {
        if destinationPort == vxlan { return .vxlan }
        if destinationPort == geneve { return .geneve }
        if destinationPort == gtpU || sourcePort == gtpU { return .gtpU }
        if destinationPort == teredo || sourcePort == teredo { return .teredo }
        if destinationPort == l2tp || sourcePort == l2tp { return .l2tp }
        return nil
    }
}
