public import ProbeHoundCore

/// What a site has vouched for: monitoring sources, probe targets it expects (its own uplink check,
/// a public resolver), domains and tools. Allowlisted evidence is left out of the score and said so
/// in the reasons; a finding left with nothing is suppressed (counted, listed with `--show-suppressed`).
public struct Allowlist: Sendable {
    /// Sources whose findings are suppressed whole.
    public var sources: [IPNetwork] = []
    /// Probe targets: pings, traceroutes and HTTP probes to them are left out.
    public var targets: [IPNetwork] = []
    /// Host names (and their subdomains) whose HTTP probes and DNS questions are left out.
    public var domains: [String] = []
    /// Tool names as findings give them (`mtr`, `windows-ping`, `curl`, ...).
    public var tools: Set<String> = []

    /// Nothing vouched for.
    public init() {}

    /// No entries: findings need no filtering.
    public var isEmpty: Bool { sources.isEmpty && targets.isEmpty && domains.isEmpty && tools.isEmpty }

    /// A source whose findings are suppressed whole.
    public func containsSource(_ address: IPAddress) -> Bool { sources.contains { $0.contains(address) } }
    /// A target whose probes are left out.
    public func containsTarget(_ address: IPAddress) -> Bool { targets.contains { $0.contains(address) } }
    /// A tool whose probes are left out.
    public func containsTool(_ tool: String) -> Bool { tools.contains(tool) }

    /// A name, or a subdomain of one, whose HTTP probes and DNS questions are left out.
    public func containsDomain(_ name: String) -> Bool {
        let name = name.lowercased()
        return domains.contains { domain in name == domain || name.hasSuffix("." + domain) }
    }
}
