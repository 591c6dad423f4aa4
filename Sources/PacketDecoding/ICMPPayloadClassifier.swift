import ProbeHoundCore

/// Names an echo payload by the byte patterns ping implementations use (see detection-anchors §4.3).
enum ICMPPayloadClassifier {
    static func classify(_ packet: Span<UInt8>, from start: Int, to end: Int) -> ICMPPayloadPattern {
        let length = end - start
        if length <= 0 { return .empty }
        if packet.hasPrefix("abcdefghijklmnopqrstuvw", at: start) { return .windowsAlphabet }
        if length >= 4 && packet[start] == 0xAB && packet[start + 1] == 0xCD
            && packet[start + 2] == 0xAB && packet[start + 3] == 0xCD { return .ciscoABCD }
        // BSD counts from byte 8, so its byte 16 is 0x10 too: test it first.
        if isCounting(packet, from: start + 8, to: end, first: 0x08) { return .bsd }
        if isCounting(packet, from: start + 16, to: end, first: 0x10) { return .iputils }
        if hasTimevalThenPattern(packet, from: start, to: end) { return .iputils }
        if isCounting(packet, from: start, to: end, first: 0x48) { return .tracerouteCounting }
        var allZero = true
        for i in start..<end where packet[i] != 0 { allZero = false; break }
        return allZero ? .zeros : .other
    }

    /// True when the bytes from `from` count up from `first` for at least 8 bytes (or to the end if shorter).
    private static func isCounting(_ packet: Span<UInt8>, from: Int, to end: Int, first: UInt8) -> Bool {
        let checked = min(end - from, 8)
        guard checked >= 4 else { return false }
        for i in 0..<checked where packet[from + i] != first &+ UInt8(i) { return false }
        return true
    }

    /// iputils ping with `-p PATTERN`: a 64-bit little-endian `struct timeval` (seconds since 2000 and
    /// below 2^32, microseconds below 10^6), then the pattern of up to 16 bytes repeated to the end.
    private static func hasTimevalThenPattern(_ packet: Span<UInt8>, from start: Int, to end: Int) -> Bool {
        guard end - start >= 24 else { return false }
        var seconds = 0
        var microseconds = 0
        for i in (0..<8).reversed() {
            seconds = seconds << 8 | Int(packet[start + i])
            microseconds = microseconds << 8 | Int(packet[start + 8 + i])
        }
        guard seconds >= 946_684_800, seconds < 1 << 32, microseconds < 1_000_000 else { return false }
        let pattern = start + 16
        for period in 1...min(16, end - pattern) {
            var repeats = true
            for i in (pattern + period)..<end where packet[i] != packet[i - period] { repeats = false; break }
            if repeats { return true }
        }
        return false
    }
}
