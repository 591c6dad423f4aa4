import CZlib
#if canImport(Glibc)
import Glibc
#endif

/// Where a capture's bytes come from: a plain file read with read(2), or a gzip stream decompressed
/// by zlib as it is read (`.pcap.gz`, `.pcapng.gz`, and standard input, which zlib reads
/// transparently whether or not it is compressed). Streaming: nothing is decompressed ahead.
/// `@safe`: the descriptor or zlib stream is owned by the `RecordFile` that made it and closed once;
/// reads go through `read(into:)`, which bounds every copy by the Span it fills.
@safe enum ByteSource {
    case plain(Int32)
    case gzip(gzFile)

    /// Opens `path` ("-" for standard input); gzip when the file starts with the gzip magic.
    static func open(_ path: String) -> ByteSource? {
        if path == "-" {
            guard let stream = unsafe gzdopen(dup(0), "rb") else { return nil }
            unsafe gzbuffer(stream, 1 << 20)
            return unsafe .gzip(stream)
        }
        let descriptor = unsafe Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var magic: (UInt8, UInt8) = (0, 0)
        let peeked = unsafe withUnsafeMutableBytes(of: &magic) { unsafe pread(descriptor, $0.baseAddress, 2, 0) }
        guard peeked == 2, magic == (0x1F, 0x8B), let stream = unsafe gzdopen(descriptor, "rb") else { return .plain(descriptor) }
        unsafe gzbuffer(stream, 1 << 20)
        return unsafe .gzip(stream)
    }

    /// Reads up to `count` bytes into `buffer`: the count read, 0 at the end, or an error text.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Result<Int, ByteSourceError> {
        switch self {
        case .plain(let descriptor):
            while true {
                let got = unsafe Glibc.read(descriptor, buffer, count)
                if got >= 0 { return .success(got) }
                if errno != EINTR { return .failure(ByteSourceError(lastSystemError())) }
            }
        case .gzip(let stream):
            let got = unsafe gzread(stream, buffer, UInt32(min(count, Int(Int32.max))))
            var code: Int32 = 0
            if got > 0 { return .success(Int(got)) }
            // The end: clean, or a stream cut short (zlib reports Z_BUF_ERROR only through gzerror).
            if got == 0 {
                _ = unsafe gzerror(stream, &code)
                if code != Z_BUF_ERROR { return .success(0) }
            }
            let message = unsafe gzerror(stream, &code).map { unsafe String(cString: $0) } ?? "gzip error"
            return .failure(ByteSourceError(code == Z_BUF_ERROR ? "compressed data ends early (truncated archive)" : "gzip: \(message)"))
        }
    }

    var isCompressed: Bool {
        if case .gzip = self { return true }
        return false
    }

    func close() {
        switch self {
        case .plain(let descriptor): _ = Glibc.close(descriptor)
        case .gzip(let stream): unsafe gzclose(stream)
        }
    }
}

struct ByteSourceError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension ByteSource {
    /// A stdio stream of the decompressed bytes of a gzip file (glibc `fopencookie`), for libpcap's
    /// reader when a BPF filter needs it; nil when `path` is not gzip-compressed.
    static func decompressingStream(_ path: String) -> UnsafeMutablePointer<FILE>? {
        guard path != "-", case .gzip(let stream)? = open(path) else { return nil }
        guard let file = unsafe probehound_gzip_stdio(stream) else {
            unsafe gzclose(stream)
            return nil
        }
        return unsafe file
    }
}
