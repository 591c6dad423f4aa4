/// An IPv4 or IPv6 address held inline (no heap), so observations and table keys stay plain values.
///
/// IPv4 addresses are stored in the low 32 bits of `low` with `high == 0`; the `isIPv6` flag keeps
/// `0.0.0.1` and `::1` apart.
public struct IPAddress: Hashable, Sendable, Comparable {
    /// The first 64 bits of an IPv6 address; 0 for IPv4.
    public var high: UInt64
    /// The last 64 bits of an IPv6 address, or the IPv4 address in the low 32 bits.
    public var low: UInt64
    /// Keeps an IPv4 address apart from the IPv6 address with the same bits.
    public var isIPv6: Bool

    /// An IPv4 address in host byte order (`0x0A000001` is 10.0.0.1).
    public init(v4 value: UInt32) {
        high = 0
        low = UInt64(value)
        isIPv6 = false
    }

    /// An IPv6 address from its two halves, in host byte order.
    public init(v6High high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
        isIPv6 = true
    }

    /// The IPv4 value; meaningful only when `isIPv6` is false.
    public var v4: UInt32 { UInt32(truncatingIfNeeded: low) }

    /// IPv4 before IPv6, then numerically: the order reports list endpoints and targets in.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        if lhs.isIPv6 != rhs.isIPv6 { return !lhs.isIPv6 }
        if lhs.high != rhs.high { return lhs.high < rhs.high }
        return lhs.low < rhs.low
    }

    /// The 16-bit groups of an IPv6 address, most significant first.
    var groups: [UInt16] {
        (0..<8).map { i in
            let word = i < 4 ? high : low
            return UInt16(truncatingIfNeeded: word >> (48 - 16 * UInt64(i % 4)))
        }
    }
}

extension IPAddress {
    /// 0.0.0.0/8, multicast and broadcast, `::` and `ff00::/8`: never a host's own address, so never an endpoint.
    public var isMulticastOrUnspecified: Bool {
        if isIPv6 { return high >> 56 == 0xff || (high == 0 && low == 0) }
        let first = v4 >> 24
        return first == 0 || first >= 224
    }
}
