#if canImport(Glibc)
import Glibc
#endif

/// A capture file read with `read(2)` into one reused buffer, for the readers that hand records to
/// the decoder in place (`ClassicPcapReader`, `PcapngReader`). The buffer is about an L2 cache:
/// records are parsed while the kernel's copy of them is still cached. With 4 MiB the first load of
/// each record header missed to memory (two thirds of the reader's time in the profile) and a run
/// took ~1.35x as long.
final class RecordFile {
    static let bufferSize = 1 << 20
    /// No record is larger: a longer length field means a corrupt file, not a reason to allocate.
    static let maximumRecord = 256 << 20

    let path: String
    private let descriptor: Int32

    /// Opens `path` and reads its first `count` bytes; nil when it cannot be opened or is shorter.
    init?(path: String, header count: Int, into header: inout [UInt8]) {
        guard path != "-" else { return nil }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        header = [UInt8](repeating: 0, count: count)
        guard read(fd, &header, count) == count else { close(fd); return nil }
        self.path = path
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    /// Up to `maximum` bytes from the start of `path` (fewer for a shorter file); nil if unreadable.
    static func leadingBytes(path: String, maximum: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: maximum)
        var have = 0
        while have < maximum {
            let got = bytes.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + have, maximum - have) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            have += got
        }
        bytes.removeSubrange(have...)
        return bytes
    }

    /// Reads from after the header to the end. `parse` gets the buffer and the unread range
    /// `from..<to`, consumes the whole records in it, and returns where the first incomplete one
    /// starts, or a problem that ends the file. Returns that problem, a read error, or a note that
    /// the file ends inside a record; nil when it ends cleanly.
    /// `replaying` bytes already read go first (a format whose header is itself a record).
    func run(replaying prefix: [UInt8] = [], _ parse: (Span<UInt8>, Int, Int) -> (next: Int, problem: String?)) -> String? {
        var buffer = [UInt8](repeating: 0, count: max(RecordFile.bufferSize, prefix.count * 2))
        buffer.replaceSubrange(0..<prefix.count, with: prefix)
        var have = prefix.count, at = 0
        var atEnd = false
        while true {
            let (next, problem) = parse(buffer.span, at, have)
            if let problem { return problem }
            at = next
            if atEnd {
                return have > at ? "truncated dump file; \(have - at) bytes of a record missing their end" : nil
            }
            // Keep the partial record, grow only for a record larger than the buffer.
            if at > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    memmove(base, base + at, have - at)
                }
                have -= at
                at = 0
            }
            if have == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
            let got = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress! + have, raw.count - have) }
            if got < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            if got == 0 { atEnd = true } else { have += got }
        }
    }
}

extension Span<UInt8> {
    /// A little-endian 32-bit field, byte-swapped for files written on the other byte order.
    @inline(__always)
    func word(at offset: Int, swapped: Bool) -> UInt32 {
        let value = UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
        return swapped ? value.byteSwapped : value
    }

    @inline(__always)
    func half(at offset: Int, swapped: Bool) -> UInt16 {
        let value = UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
        return swapped ? value.byteSwapped : value
    }
}
