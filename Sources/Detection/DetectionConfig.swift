public import ProbeHoundCore

/// Every threshold the detectors use, with the defaults of DESIGN.md. Loaded from a config file
/// (`ConfigFile`) so a site can tune them without rebuilding.
public struct DetectionConfig: Sendable {
    /// RFC 1918, RFC 4193, loopback, link-local, CGNAT. Everything else, documentation ranges included, is external.
    public static let defaultInternalNetworks: [IPNetwork] = [
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10",
        "0.0.0.0/8", "224.0.0.0/4", "255.255.255.255/32",
        "fc00::/7", "::1/128", "fe80::/10", "ff00::/8", "::/128",
    ].map { IPNetwork($0)! }

    /// Networks whose hosts are endpoints (`--internal`, `internal_networks`); probes go from them to the rest.
    public var internalNetworks: [IPNetwork] = DetectionConfig.defaultInternalNetworks
    /// What the site has vouched for (`allow_*` settings).
    public var allowlist = Allowlist()
    /// Learned outbound habits (`--baseline`); nil scores without one.
    public var baseline: Baseline?

    /// Echo requests in the window that make a burst (`echo_min_requests`).
    public var echoMinimumRequests = 3
    /// Or distinct external targets pinged in the window (`echo_min_targets`).
    public var echoMinimumTargets = 2
    /// The window both echo thresholds count in (`echo_window`).
    public var echoWindowSeconds = 600.0

    /// Consecutive TTLs that make a staircase (`traceroute_min_ttls`).
    public var tracerouteMinimumTTLs = 3
    /// The lowest TTL a staircase may start from (a sensor past the first router never sees TTL 1).
    public var tracerouteMaximumStartTTL: UInt8 = 2
    /// The largest gap between a staircase's steps (lost or unseen probes).
    public var tracerouteMaximumStep: UInt8 = 3
    /// Distinct routers whose time-exceeded make a traceroute without a staircase.
    public var tracerouteMinimumRouters = 2
    /// Packets at or below this TTL are kept as possible traceroute probes.
    public var probeMaximumTTL: UInt8 = 30
    /// Ports of classic UDP traceroute (base 33434, up to 100 probes), and the session rule for TTL-less logs.
    public var tracerouteUDPPorts: ClosedRange<UInt16> = 33434...33534
    /// Consecutive traceroute ports that make a UDP traceroute in a log without TTLs.
    public var tracerouteMinimumPortSessions = 3

    /// A connection this many seconds or less after an endpoint's last probe is a follow-up candidate.
    public var followUpWindowSeconds = 300.0

    /// Copies of one packet seen again within this many seconds count once.
    public var duplicateWindowSeconds = 1.0
    /// Most endpoints held at once; the least recently seen are evicted beyond it.
    public var maximumEndpoints = 1_000_000
    /// UDP ports of the tunnels the decoders follow (`vxlan_port`, `geneve_port`, ...).
    public var tunnelPorts = TunnelPorts()
    /// Live mode forgets endpoints not seen for this long (their findings are kept).
    public var endpointIdleTimeoutSeconds = 3600
    /// Evidence frames kept per endpoint.
    public var maximumEvidence = 32
    /// Live `--write-evidence`: the probe-like packets kept per endpoint (`evidence_ring_packets`:
    /// the first half for good, the rest the most recent), and the bytes all those rings may hold together
    /// (`evidence_ring_bytes`; one-packet rings give way first, see `LiveEvidenceRecorder`).
    public var evidenceRingPackets = 128
    /// All rings together, in bytes (`evidence_ring_bytes`).
    public var evidenceRingBytes = 64 << 20

    /// A site's Squid `logformat` for its access.log (`squid_logformat`); nil reads the native format.
    public var squidLogFormat: String? = nil

    /// Connectivity-check and IP-lookup names, and check paths (`*_hosts`, `check_paths`).
    public var knownHosts = KnownHosts.standard
    /// Host names of host telemetry and their addresses, from an inventory (`--host-address
    /// NAME=IP`): where the telemetry itself never shows a host's address. The empty name is the
    /// host of records that name none (a raw audit.log of one machine).
    public var hostAddresses: [String: IPAddress] = [:]

    /// The defaults; `ConfigFile.apply` changes what a site's file sets.
    public init() {}

    /// Whether an address belongs to the site (an endpoint) rather than the Internet (a target).
    public func isInternal(_ address: IPAddress) -> Bool {
        internalNetworks.contains { $0.contains(address) }
    }
}
