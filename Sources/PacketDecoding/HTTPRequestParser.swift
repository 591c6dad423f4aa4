import ProbeHoundCore

/// Sniffs an HTTP/1.x request at the start of a TCP segment: request line, Host, User-Agent, header
/// count and the headers browsers send but scripts seldom do. No reassembly: like tcpdump, one segment.
enum HTTPRequestParser {
    static let maximumHeaders = 128

    static func parse(_ packet: Span<UInt8>, at offset: Int, end: Int) -> HTTPRequest? {
        // Method token: uppercase letters then a space, one of the registered methods.
        var position = offset
        while position < end && position - offset < 8, packet[position] >= 65 && packet[position] <= 90 { position += 1 }
        let methodLength = position - offset
        guard methodLength >= 3, position < end, packet[position] == 32, isKnownMethod(packet, at: offset, length: methodLength) else { return nil }
        let targetStart = position + 1
        guard let targetEnd = indexOf(32, in: packet, from: targetStart, to: end), targetEnd > targetStart,
              packet.hasPrefix("HTTP/1.", at: targetEnd + 1) else { return nil }
        var request = HTTPRequest(method: ByteRange(start: offset, count: methodLength),
                                  target: ByteRange(start: targetStart, count: targetEnd - targetStart))
        guard var line = lineEnd(packet, from: targetEnd, to: end) else { return request }
        while request.headerCount < maximumHeaders {
            let start = line
            guard start < end else { break }
            if packet[start] == 13 || packet[start] == 10 { request.isComplete = true; break }
            guard let next = lineEnd(packet, from: start, to: end) else { break }
            let contentEnd = next - (next - start >= 2 && packet[next - 2] == 13 ? 2 : 1)
            if let colon = indexOf(58, in: packet, from: start, to: contentEnd) {
                request.headerCount += 1
                let nameLength = colon - start
                var valueStart = colon + 1
                while valueStart < contentEnd && (packet[valueStart] == 32 || packet[valueStart] == 9) { valueStart += 1 }
                let value = ByteRange(start: valueStart, count: contentEnd - valueStart)
                if packet.equalsIgnoringCase("host", start..<start + nameLength) {
                    request.host = value
                } else if packet.equalsIgnoringCase("user-agent", start..<start + nameLength) {
                    request.userAgent = value
                } else if packet.equalsIgnoringCase("cookie", start..<start + nameLength) {
                    request.hasCookie = true
                } else if packet.equalsIgnoringCase("referer", start..<start + nameLength) {
                    request.hasReferer = true
                } else if packet.equalsIgnoringCase("accept-language", start..<start + nameLength) {
                    request.hasAcceptLanguage = true
                }
            }
            line = next
        }
        return request
    }

    private static func isKnownMethod(_ packet: Span<UInt8>, at offset: Int, length: Int) -> Bool {
        switch length {
        case 3: packet.hasPrefix("GET", at: offset) || packet.hasPrefix("PUT", at: offset)
        case 4: packet.hasPrefix("POST", at: offset) || packet.hasPrefix("HEAD", at: offset)
        case 5: packet.hasPrefix("PATCH", at: offset) || packet.hasPrefix("TRACE", at: offset)
        case 6: packet.hasPrefix("DELETE", at: offset)
        case 7: packet.hasPrefix("CONNECT", at: offset) || packet.hasPrefix("OPTIONS", at: offset)
        default: false
        }
    }

    private static func indexOf(_ byte: UInt8, in packet: Span<UInt8>, from start: Int, to end: Int) -> Int? {
        var i = start
        while i < end {
            if packet[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// Index just past the next LF at or after `from`, or nil when the segment ends first.
    private static func lineEnd(_ packet: Span<UInt8>, from start: Int, to end: Int) -> Int? {
        indexOf(10, in: packet, from: start, to: end).map { $0 + 1 }
    }
}
