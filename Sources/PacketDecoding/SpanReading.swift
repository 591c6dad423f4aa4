import ProbeHoundCore

/// Bounds-checked big- and little-endian reads; the checked equivalent of tcpdump's `GET_BE_U_2`.
extension Span where Element == UInt8 {
    @inline(__always)
    func byte(at offset: Int) throws(DecodeError) -> UInt8 {
        guard offset >= 0, offset < count else { throw .truncated }
        return self[offset]
    }

    @inline(__always)
    func bigEndian16(at offset: Int) throws(DecodeError) -> UInt16 {
        guard offset >= 0, offset + 2 <= count else { throw .truncated }
        return UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }

    @inline(__always)
    func bigEndian32(at offset: Int) throws(DecodeError) -> UInt32 {
        guard offset >= 0, offset + 4 <= count else { throw .truncated }
        return UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16 | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }

    @inline(__always)
    func bigEndian64(at offset: Int) throws(DecodeError) -> UInt64 {
        UInt64(try bigEndian32(at: offset)) << 32 | UInt64(try bigEndian32(at: offset + 4))
    }

    @inline(__always)
    func littleEndian16(at offset: Int) throws(DecodeError) -> UInt16 {
        guard offset >= 0, offset + 2 <= count else { throw .truncated }
        return UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    @inline(__always)
    func littleEndian32(at offset: Int) throws(DecodeError) -> UInt32 {
        guard offset >= 0, offset + 4 <= count else { throw .truncated }
        return UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }
}
