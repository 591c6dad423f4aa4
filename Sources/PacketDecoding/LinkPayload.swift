import ProbeHoundCore

/// Where a link header says the network packet starts and what it is.
struct LinkPayload {
    static let ipv4: UInt16 = 0x0800
    static let ipv6: UInt16 = 0x86DD
    /// Unknown network type: look at the IP version nibble (raw IP links).
    static let byVersion: UInt16 = 0

    var etherType: UInt16
    var offset: Int
    var action: FirewallAction? = nil
}
