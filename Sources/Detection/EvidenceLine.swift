import ProbeHoundCore

/// One piece of a finding's evidence as the text outputs show it, so the table and CSV render
/// every kind the same way and a new kind reaches them by giving its lines here (only the ndjson
/// schema keeps per-kind sections). Text from the wire (hosts, paths, agents, names) is kept raw:
/// each output encodes it for itself.
public struct EvidenceLine: Sendable, Equatable {
    /// The schema kind (`icmp_echo`, `traceroute`, `http_get`, `dns`, `follow_up`): CSV's kind column.
    public var kind: String
    /// The table's short label (`ping`, `trace`, `http`, `dns`, `sni`, `then`).
    public var label: String
    /// The table's sentence.
    public var summary: String
    /// CSV rows, one per probe target.
    public var rows: [EvidenceRow]
}

/// One probe target of an evidence line, as a CSV row.
public struct EvidenceRow: Sendable, Equatable {
    /// The address probed (empty for a traceroute of unknown target).
    public var target: String
    /// Destination port, empty where there is none.
    public var port: String
    /// How it was probed (`icmp`, `udp`, `GET`, `dns`...).
    public var method: String
    /// The program the evidence names, empty where none.
    public var tool: String
    /// The rest, in one phrase.
    public var detail: String
}

extension Finding {
    /// The finding's evidence in the order outputs list it: each kind's section, then what followed.
    public var evidenceLines: [EvidenceLine] {
        sections.flatMap(\.evidenceLines) + followUps.map(\.evidenceLine)
    }
}
