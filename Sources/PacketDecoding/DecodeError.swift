/// Why a decoder stopped. Typed, so throwing it allocates nothing (an untyped throw boxes).
public enum DecodeError: Error, Sendable, Equatable {
    /// The captured bytes end before the header does (snaplen or a cut file).
    case truncated
    /// A length or version field that cannot be right.
    case malformed
    /// A link payload that is not IP (ARP, LLDP, ...).
    case notIP
}
