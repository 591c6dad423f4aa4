/// Why a packet or record produced no observation. Every input unit is either an observation
/// or counted under one of these, so a summary always adds up.
public enum SkipReason: Int, CaseIterable, Sendable {
    /// ARP, LLDP, STP and other non-IP link payloads.
    case notIP
    /// Cut short before the IP header was complete.
    case truncated
    /// IP version or header length fields that cannot be right.
    case malformedIP
    /// A link type this build does not decode.
    case unsupportedLinkType
    /// NFLOG or PFLOG metadata without a packet, or a link header that cannot be right.
    case malformedLink
    /// Log lines no parser understood.
    case unparsed
    /// Header, comment and blank lines of a log (Zeek `#fields`, a CSV header).
    case header
    /// Well-formed log records that describe no traffic (ASA status messages, Zeek `dns.log` rows in a conn parser, ...).
    case noTraffic
    /// Lines longer than the reader's limit (1 MiB), skipped whole.
    case lineTooLong
    /// Link control traffic of an encapsulation: PPPoE discovery, PPP LCP/IPCP/authentication.
    case linkControl
    /// Encrypted link payloads (protected 802.11 frames): nothing to read.
    case encrypted
    /// IP carried in an encapsulation this build does not decode (a GRE or PPP payload type, a
    /// tunnel header it cannot follow): counted apart so coverage is never silently lost.
    case unsupportedEncapsulation
    /// Encapsulations nested deeper than the decoder follows (eight layers).
    case encapsulationTooDeep

    /// The key used in summaries.
    public var name: String {
        switch self {
        case .notIP: "not_ip"
        case .truncated: "truncated"
        case .malformedIP: "malformed_ip"
        case .unsupportedLinkType: "unsupported_link_type"
        case .malformedLink: "malformed_link"
        case .unparsed: "unparsed"
        case .header: "header"
        case .noTraffic: "no_traffic"
        case .lineTooLong: "line_too_long"
        case .linkControl: "link_control"
        case .encrypted: "encrypted"
        case .unsupportedEncapsulation: "unsupported_encapsulation"
        case .encapsulationTooDeep: "encapsulation_too_deep"
        }
    }
}

/// Counts by skip reason in a fixed-size value, so counting allocates nothing per packet.
public struct SkipCounts: Sendable, Equatable {
    /// Room for every reason (a test checks `SkipReason.allCases` fits).
    public static let capacity = 16
    private var counts = InlineArray<16, Int>(repeating: 0)

    /// No skips yet.
    public init() {}

    /// Equal when every reason's count is.
    public static func == (a: SkipCounts, b: SkipCounts) -> Bool {
        SkipReason.allCases.allSatisfy { a[$0] == b[$0] }
    }

    /// Counts `amount` units skipped for `reason` (a log line may hold several records).
    public mutating func add(_ reason: SkipReason, _ amount: Int = 1) {
        counts[reason.rawValue] += amount
    }

    /// The count for one reason.
    public subscript(reason: SkipReason) -> Int { counts[reason.rawValue] }

    /// All skipped units: with `observations`, everything read.
    public var total: Int { SkipReason.allCases.reduce(0) { $0 + self[$1] } }

    /// Adds another reader's counts (a capture worker's).
    public mutating func merge(_ other: SkipCounts) {
        for reason in SkipReason.allCases { add(reason, other[reason]) }
    }

    /// Non-zero reasons in declaration order.
    public var nonZero: [(SkipReason, Int)] {
        SkipReason.allCases.compactMap { self[$0] > 0 ? ($0, self[$0]) : nil }
    }

    /// "not_ip 3, truncated 1": the non-zero reasons as every text summary prints them.
    public func listing(excluding excluded: Set<SkipReason> = []) -> String {
        nonZero.filter { !excluded.contains($0.0) }.map { "\($0.0.name) \($0.1)" }.joined(separator: ", ")
    }
}
