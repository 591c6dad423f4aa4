#if canImport(Glibc)
import Glibc
#endif
import ProbeHoundCore

/// Reads a log file, standard input or a gzip-compressed file (zlib, as it reads; standard input
/// may be either) line by line into one reused buffer, handing each line to the caller as a Span
/// (valid only during the call). Lines longer than `maximumLineLength` are reported as too long and
/// skipped whole, so a binary file cannot make it grow.
public final class LogFileReader {
    /// The path as given ("-" for standard input), for evidence and messages.
    public let path: String
    /// The file's modification year, for syslog stamps without one.
    public let modificationYear: Int?
    private let source: ByteSource

    /// Opens a file or standard input; an error names the file and why.
    public init(path: String) throws(CaptureError) {
        self.path = path
        if path == "-" {
            modificationYear = nil
        } else {
            var info = stat()
            guard unsafe stat(path, &info) == 0 else { throw CaptureError(input: path, message: lastSystemError()) }
            if info.st_mode & S_IFMT == S_IFDIR { throw CaptureError(input: path, message: "is a directory") }
            modificationYear = LogFileReader.year(fromDays: Int64(info.st_mtim.tv_sec) / 86_400)
        }
        guard let source = ByteSource.open(path) else { throw CaptureError(input: path, message: lastSystemError()) }
        self.source = source
    }

    deinit {
        source.close()
    }

    /// Calls `body(line, lineNumber, tooLong)` for every line; returns an error text when reading
    /// failed part-way (a truncated gzip, an I/O error). Lines read before that were delivered.
    public func forEachLine(maximumLineLength: Int = 1 << 20, _ body: (Span<UInt8>, Int64, Bool) -> Void) -> String? {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(maximumLineLength + 65_536)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var lineNumber: Int64 = 0
        var start = 0
        var skippingLongLine = false
        var failure: String? = nil
        while true {
            let result = unsafe chunk.withUnsafeMutableBytes { unsafe source.read(into: $0.baseAddress!, count: $0.count) }
            guard case .success(let count) = result else {
                if case .failure(let error) = result { failure = error.message + "; lines before the damage were read" }
                break
            }
            if count == 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            var scan = max(start, buffer.count - count)
            while let newline = LogFileReader.index(of: 10, in: buffer, from: scan) {
                lineNumber += 1
                if skippingLongLine {
                    skippingLongLine = false
                } else {
                    body(buffer.span.extracting(start..<newline), lineNumber, false)
                }
                start = newline + 1
                scan = start
            }
            if buffer.count - start > maximumLineLength {
                // Report the line once, then drop bytes until its end.
                if !skippingLongLine {
                    body(buffer.span.extracting(0..<0), lineNumber + 1, true)
                    skippingLongLine = true
                }
                start = buffer.count
            }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
        }
        if buffer.count > start && !skippingLongLine {
            lineNumber += 1
            body(buffer.span.extracting(start..<buffer.count), lineNumber, false)
        } else if skippingLongLine {
            lineNumber += 1
        }
        return failure
    }

    private static func index(of byte: UInt8, in buffer: [UInt8], from start: Int) -> Int? {
        var i = start
        while i < buffer.count {
            if buffer[i] == byte { return i }
            i += 1
        }
        return nil
    }

    private static func year(fromDays days: Int64) -> Int {
        Int(Timestamp.civil(fromDays: days).0)
    }
}
