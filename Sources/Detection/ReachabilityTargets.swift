public import ProbeHoundCore

/// Addresses people ping to ask "am I online?": the public anycast resolvers and their documented
/// secondaries (Google, Cloudflare, Quad9, OpenDNS, Level3, Verisign/UltraDNS, AdGuard, Control D).
/// Public facts about those services, not addresses from any sample.
public enum ReachabilityTargets {
    /// The addresses, IPv4 and IPv6.
    public static let addresses: Set<IPAddress> = Set([
        "8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112", "208.67.222.222", "208.67.220.220",
        "4.2.2.1", "4.2.2.2", "4.2.2.3", "4.2.2.4", "4.2.2.5", "4.2.2.6", "64.6.64.6", "64.6.65.6", "94.140.14.14",
        "94.140.15.15", "76.76.2.0", "76.76.10.0", "2001:4860:4860::8888", "2001:4860:4860::8844", "2606:4700:4700::1111",
        "2606:4700:4700::1001", "2620:fe::fe", "2620:fe::9", "2620:119:35::35", "2620:119:53::53",
    ].compactMap { IPAddress($0) })

    /// Whether a ping target is one of them (worth +15: the technique in its plainest form).
    public static func contains(_ address: IPAddress) -> Bool { addresses.contains(address) }
}
