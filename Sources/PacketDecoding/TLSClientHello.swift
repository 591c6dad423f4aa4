import ProbeHoundCore

/// Finds the server_name extension (RFC 6066) in a TLS ClientHello that starts a segment. HTTPS
/// lookups of "what is my IP" services are visible only this way.
enum TLSClientHello {
    static func serverName(_ packet: Span<UInt8>, at offset: Int, end: Int) -> ByteRange? {
        // Record header: type 22, version, length; handshake header: type 1 (ClientHello), 3-byte length.
        guard offset + 9 <= end, packet[offset] == 22, packet[offset + 5] == 1 else { return nil }
        var position = offset + 9 + 2 + 32   // client version, random
        guard let sessionLength = try? packet.byte(at: position), position < end else { return nil }
        position += 1 + Int(sessionLength)
        guard let cipherLength = try? packet.bigEndian16(at: position), position + 2 <= end else { return nil }
        position += 2 + Int(cipherLength)
        guard let compressionLength = try? packet.byte(at: position), position < end else { return nil }
        position += 1 + Int(compressionLength)
        guard let extensionsLength = try? packet.bigEndian16(at: position) else { return nil }
        position += 2
        let extensionsEnd = min(end, position + Int(extensionsLength))
        while position + 4 <= extensionsEnd {
            guard let type = try? packet.bigEndian16(at: position),
                  let length = try? packet.bigEndian16(at: position + 2) else { return nil }
            let body = position + 4
            if type == 0 {
                // server_name_list length (2), name type (1, host_name = 0), name length (2), name.
                guard let nameType = try? packet.byte(at: body + 2), nameType == 0,
                      let nameLength = try? packet.bigEndian16(at: body + 3),
                      body + 5 + Int(nameLength) <= end else { return nil }
                return ByteRange(start: body + 5, count: Int(nameLength))
            }
            position = body + Int(length)
        }
        return nil
    }
}
