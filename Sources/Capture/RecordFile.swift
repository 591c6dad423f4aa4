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
    private let source: ByteSource
    /// Bytes read ahead to recognise the format (the file header, a pcapng section), replayed first by `run`.
    private(set) var readAhead: [UInt8] = []
    /// The source ended (or failed) while reading ahead.
    private var exhausted = false

    /// Opens `path` ("-": standard input), plain or gzip-compressed.
    init?(path: String) {
        guard let source = ByteSource.open(path) else { return nil }
        self.path = path
        self.source = source
    }

    deinit {
        source.close()
    }

    var isCompressed: Bool { source.isCompressed }

    /// Reads `count` more bytes into `readAhead`; false when the input ends first.
    func readAhead(_ count: Int) -> Bool {
        var chunk = [UInt8](repeating: 0, count: count)
        var have = 0
        while have < count {
            let result = unsafe chunk.withUnsafeMutableBytes { raw in unsafe source.read(into: raw.baseAddress! + have, count: count - have) }
            guard case .success(let got) = result, got > 0 else { exhausted = true; break }
            have += got
        }
        readAhead.append(contentsOf: chunk[0..<have])
        return have == count
    }

    /// Drops the first `count` bytes read ahead (a file header that is not itself a record).
    func discardReadAhead(_ count: Int) {
        readAhead.removeFirst(min(count, readAhead.count))
    }

    /// Reads to the end. `parse` gets the buffer and the unread range `from..<to`, consumes the whole
    /// records in it, and returns where the first incomplete one starts, or a problem that ends the
    /// file. Returns that problem, a read error, or a note that the file ends inside a record; nil
    /// when it ends cleanly. The bytes read ahead go first.
    func run(_ parse: (Span<UInt8>, Int, Int) -> (next: Int, problem: String?)) -> String? {
        var buffer = [UInt8](repeating: 0, count: max(RecordFile.bufferSize, readAhead.count * 2))
        buffer.replaceSubrange(0..<readAhead.count, with: readAhead)
        var have = readAhead.count, at = 0
        var atEnd = exhausted
        var readError: String? = nil
        while true {
            let (next, problem) = parse(buffer.span, at, have)
            if let problem { return problem }
            at = next
            if atEnd {
                if let readError { return readError + (have > at ? "; \(have - at) bytes of a record missing their end" : "") }
                return have > at ? "truncated dump file; \(have - at) bytes of a record missing their end" : nil
            }
            // Keep the partial record, grow only for a record larger than the buffer.
            if at > 0 {
                unsafe buffer.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    unsafe memmove(base, base + at, have - at)
                }
                have -= at
                at = 0
            }
            if have == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
            let result = unsafe buffer.withUnsafeMutableBytes { raw in unsafe source.read(into: raw.baseAddress! + have, count: raw.count - have) }
            switch result {
            case .success(let got): if got == 0 { atEnd = true } else { have += got }
            case .failure(let error):
                readError = error.message
                atEnd = true
            }
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
