extension DNSQuestion {
    /// Writes the question name, lowercased and dot-separated without the trailing dot, into `output`
    /// (cleared first; reuse it across packets to avoid allocating). Follows compression pointers with a
    /// loop guard. Returns false when the name is malformed or runs past the bytes.
    public func name(in bytes: Span<UInt8>, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        var position = Int(nameOffset)
        var jumps = 0
        while true {
            guard position >= 0, position < bytes.count else { return false }
            let length = Int(bytes[position])
            if length == 0 { return true }
            if length & 0xC0 == 0xC0 {
                guard position + 1 < bytes.count, jumps < 16 else { return false }
                position = Int(messageOffset) + ((length & 0x3F) << 8 | Int(bytes[position + 1]))
                jumps += 1
                continue
            }
            guard length < 64, position + length < bytes.count, output.count + length < 255 else { return false }
            if !output.isEmpty { output.append(UInt8(ascii: ".")) }
            for i in position + 1...position + length {
                let byte = bytes[i]
                output.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
            }
            position += length + 1
        }
    }

    /// The question name as text ("" when malformed); allocates, so call it only for names you keep.
    public func nameString(in bytes: Span<UInt8>) -> String {
        var buffer: [UInt8] = []
        guard name(in: bytes, into: &buffer) else { return "" }
        return String(decoding: buffer, as: UTF8.self)
    }
}
