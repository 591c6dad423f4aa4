#if canImport(Glibc)
import Glibc
#endif
import ProbeHoundCore

/// Reads a log file, standard input or a gzip-compressed file line by line into one reused buffer,
/// handing each line to the caller as a Span (valid only during the call). Lines longer than
/// `maximumLineLength` are reported as too long and skipped whole, so a binary file cannot make it grow.
public final class LogFileReader {
    public let path: String
    /// The file's modification year, for syslog stamps without one.
    public let modificationYear: Int?
    private let descriptor: Int32
    private var child: pid_t = 0
    private var pending: [UInt8] = []

    public init(path: String) throws(CaptureError) {
        self.path = path
        if path == "-" {
            descriptor = 0
            modificationYear = nil
            return
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CaptureError(input: path, message: String(cString: strerror(errno))) }
        var info = stat()
        fstat(fd, &info)
        if info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            throw CaptureError(input: path, message: "is a directory")
        }
        let days = Int64(info.st_mtim.tv_sec) / 86_400
        modificationYear = LogFileReader.year(fromDays: days)
        var magic: [UInt8] = [0, 0]
        let got = read(fd, &magic, 2)
        if got == 2 && magic == [0x1f, 0x8b] {
            close(fd)
            (descriptor, child) = try LogFileReader.spawnGunzip(path)
        } else {
            descriptor = fd
            if got > 0 { pending = Array(magic[0..<got]) }
        }
    }

    deinit {
        if descriptor > 0 { close(descriptor) }
        if child > 0 {
            var status: Int32 = 0
            waitpid(child, &status, 0)
        }
    }

    /// Calls `body(line, lineNumber, tooLong)` for every line; returns an error text when reading
    /// failed part-way (a truncated gzip, an I/O error). Lines read before that were delivered.
    public func forEachLine(maximumLineLength: Int = 1 << 20, _ body: (Span<UInt8>, Int64, Bool) -> Void) -> String? {
        var buffer = pending
        buffer.reserveCapacity(maximumLineLength + 65_536)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var lineNumber: Int64 = 0
        var start = 0
        var skippingLongLine = false
        var failure: String? = nil
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
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
        if child > 0 {
            var status: Int32 = 0
            waitpid(child, &status, 0)
            child = 0
            if status != 0 && failure == nil { failure = "gzip data is truncated or corrupt; lines before the damage were read" }
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

    /// Runs `gzip -dc -- path` with its output on a pipe.
    private static func spawnGunzip(_ path: String) throws(CaptureError) -> (Int32, pid_t) {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw CaptureError(input: path, message: String(cString: strerror(errno))) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let arguments = ["gzip", "-dc", "--", path]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, "gzip", &actions, nil, &argv, environ)
        close(pipeEnds[1])
        guard status == 0 else {
            close(pipeEnds[0])
            throw CaptureError(input: path, message: "cannot run gzip to decompress: \(String(cString: strerror(status)))")
        }
        return (pipeEnds[0], pid)
    }

    private static func year(fromDays days: Int64) -> Int {
        Int(Timestamp.civil(fromDays: days).0)
    }
}
