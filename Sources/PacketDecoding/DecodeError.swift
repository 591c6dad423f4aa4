/// Why a decoder stopped. Typed, so throwing it allocates nothing (an untyped throw boxes).
public enum DecodeError: Error, Sendable, Equatable {
    /// The captured bytes end before the header does (snaplen or a cut file).
    case truncated
    /// A length or version field that cannot be right.
    case malformed
    /// A link payload that is not IP (ARP, LLDP, ...).
    case notIP
    /// Control traffic of an encapsulation (PPPoE discovery, PPP LCP/IPCP/authentication).
    case linkControl
    /// A protected (encrypted) 802.11 frame.
    case encrypted
    /// IP inside an encapsulation this decoder does not follow.
    case unsupportedEncapsulation
    /// More nested encapsulations than the decoder follows.
    case tooDeep

    /// Errors that decide the frame even when met inside a tunnel: the frame is skipped for them, so
    /// the summary says what could not be read. Any other error inside a tunnel (a cut or broken
    /// inner header) leaves the packet carrying it as the observation.
    var endsFrame: Bool { self == .unsupportedEncapsulation || self == .tooDeep }
}
