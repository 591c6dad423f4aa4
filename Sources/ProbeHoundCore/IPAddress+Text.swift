extension IPAddress: CustomStringConvertible {
    /// Dotted quad for IPv4, RFC 5952 canonical text for IPv6 (what tcpdump and tshark print).
    public var description: String {
        if !isIPv6 {
            let v = v4
            return "\(v >> 24).\((v >> 16) & 0xff).\((v >> 8) & 0xff).\(v & 0xff)"
        }
        let g = groups
        // Longest run of zero groups (length >= 2), first one wins on ties.
        var bestStart = -1, bestLength = 0, i = 0
        while i < 8 {
            if g[i] == 0 {
                var j = i
                while j < 8 && g[j] == 0 { j += 1 }
                if j - i > bestLength && j - i >= 2 { bestStart = i; bestLength = j - i }
                i = j
            } else {
                i += 1
            }
        }
        if high == 0 && low >> 32 == 0xffff {
            let v = UInt32(truncatingIfNeeded: low)
            return "::ffff:\(v >> 24).\((v >> 16) & 0xff).\((v >> 8) & 0xff).\(v & 0xff)"
        }
        var out = ""
        var k = 0
        while k < 8 {
            if k == bestStart {
                out += "::"
                k += bestLength
                continue
            }
            if !out.isEmpty && !out.hasSuffix(":") { out += ":" }
            out += String(g[k], radix: 16)
            k += 1
        }
        return out
    }
}

extension IPAddress {
    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (with `::` and an embedded IPv4 tail): the
    /// same reader the log parsers use in place (`Span.address`).
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard let parsed = bytes.span.address(0..<bytes.count) else { return nil }
        self = parsed
    }
}

extension IPAddress {
    /// `192.0.2.1:443` or `[2001:db8::1]:443`, as URLs and most tools write an endpoint; the bare address without a port.
    public func withPort(_ port: UInt16?) -> String {
        guard let port else { return description }
        return isIPv6 ? "[\(description)]:\(port)" : "\(description):\(port)"
    }
}
