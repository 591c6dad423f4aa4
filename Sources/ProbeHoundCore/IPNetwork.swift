/// A CIDR block, used to decide which addresses are internal.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The block's first address (host bits cleared).
    public let address: IPAddress
    /// Bits of the network part: 0...32 for IPv4, 0...128 for IPv6.
    public let prefixLength: Int

    /// `10.0.0.0/8`, `fd00::/8`, or a bare address (a /32 or /128); nil for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = IPAddress(first) else { return nil }
        let maxLength = address.isIPv6 ? 128 : 32
        let length: Int
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...maxLength).contains(parsed) else { return nil }
            length = parsed
        } else {
            length = maxLength
        }
        self.address = address
        self.prefixLength = length
    }

    /// Whether an address is in the block (never across families).
    public func contains(_ other: IPAddress) -> Bool {
        guard other.isIPv6 == address.isIPv6 else { return false }
        if !address.isIPv6 {
            if prefixLength == 0 { return true }
            let mask = UInt32.max << UInt32(32 - prefixLength)
            return other.v4 & mask == address.v4 & mask
        }
        func masked(_ word: UInt64, bits: Int) -> UInt64 {
            if bits <= 0 { return 0 }
            if bits >= 64 { return word }
            return word & (UInt64.max << UInt64(64 - bits))
        }
        return masked(other.high, bits: prefixLength) == masked(address.high, bits: prefixLength)
            && masked(other.low, bits: prefixLength - 64) == masked(address.low, bits: prefixLength - 64)
    }

    /// The CIDR text, as `--internal` takes it.
    public var description: String { "\(address)/\(prefixLength)" }
}
