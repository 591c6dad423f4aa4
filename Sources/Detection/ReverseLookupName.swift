import ProbeHoundCore

/// The address a reverse-DNS (PTR) question asks about: `4.3.2.1.in-addr.arpa` is 1.2.3.4, and
/// `ip6.arpa` names spell an IPv6 address as 32 reversed nibbles. tracert and many traceroutes look
/// up every hop this way, so the questions retrace the path the probes took.
enum ReverseLookupName {
    static func address(_ name: [UInt8]) -> IPAddress? {
        if name.count > 13, hasSuffix(name, ".in-addr.arpa") { return v4(name[..<(name.count - 13)]) }
        if name.count > 9, hasSuffix(name, ".ip6.arpa") { return v6(name[..<(name.count - 9)]) }
        return nil
    }

    private static func hasSuffix(_ name: [UInt8], _ suffix: String) -> Bool {
        let tail = Array(suffix.utf8)
        return name.count >= tail.count && name[(name.count - tail.count)...].elementsEqual(tail)
    }

    private static func v4(_ labels: ArraySlice<UInt8>) -> IPAddress? {
        let parts = labels.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts.reversed() {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            let octet = part.reduce(0) { $0 * 10 + Int($1 - 48) }
            guard octet <= 255 else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return IPAddress(v4: value)
    }

    private static func v6(_ labels: ArraySlice<UInt8>) -> IPAddress? {
        let parts = labels.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 32 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0
        for (index, part) in parts.reversed().enumerated() {
            guard part.count == 1, let nibble = hexValue(part.first!) else { return nil }
            if index < 16 { high = high << 4 | UInt64(nibble) } else { low = low << 4 | UInt64(nibble) }
        }
        return IPAddress(v6High: high, low: low)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 97...102: byte - 87
        default: nil
        }
    }
}
