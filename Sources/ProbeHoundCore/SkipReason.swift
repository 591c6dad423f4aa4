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
        }
    }
}

/// Counts by skip reason in a fixed-size value, so counting allocates nothing per packet.
public struct SkipCounts: Sendable, Equatable {
    private var counts: (Int, Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0)

    public init() {}

    public static func == (a: SkipCounts, b: SkipCounts) -> Bool {
        SkipReason.allCases.allSatisfy { a[$0] == b[$0] }
    }

    public mutating func add(_ reason: SkipReason, _ amount: Int = 1) {
        switch reason {
        case .notIP: counts.0 += amount
        case .truncated: counts.1 += amount
        case .malformedIP: counts.2 += amount
        case .unsupportedLinkType: counts.3 += amount
        case .malformedLink: counts.4 += amount
        case .unparsed: counts.5 += amount
        case .header: counts.6 += amount
        case .noTraffic: counts.7 += amount
        case .lineTooLong: counts.8 += amount
        }
    }

    public subscript(reason: SkipReason) -> Int {
        switch reason {
        case .notIP: counts.0
        case .truncated: counts.1
        case .malformedIP: counts.2
        case .unsupportedLinkType: counts.3
        case .malformedLink: counts.4
        case .unparsed: counts.5
        case .header: counts.6
        case .noTraffic: counts.7
        case .lineTooLong: counts.8
        }
    }

    public var total: Int { SkipReason.allCases.reduce(0) { $0 + self[$1] } }

    public mutating func merge(_ other: SkipCounts) {
        for reason in SkipReason.allCases { add(reason, other[reason]) }
    }

    /// Non-zero reasons in declaration order.
    public var nonZero: [(SkipReason, Int)] {
        SkipReason.allCases.compactMap { self[$0] > 0 ? ($0, self[$0]) : nil }
    }
}
