import Capture
import ProbeHoundCore
#if canImport(Glibc)
import Glibc
#endif

/// Text output to standard output, standard error or a file, written with byte counts (a NUL in a
/// field cuts nothing) and with every write error kept, so the command can end with a message naming
/// the output instead of a silently short report.
///
/// A file named by `--output` is written to a new temporary file beside it (created with
/// `O_EXCL | O_NOFOLLOW`, so a planted symlink is never followed) and renamed over the target only by
/// `commit()`: a run that fails leaves the previous report as it was. Standard error is for messages
/// and shows every terminal control visibly (`TerminalText`).
final class FileOutput: @unchecked Sendable {
    let name: String
    private var descriptor: Int32
    /// Set for a file written as it grows (live mode): SIGHUP reopens it after logrotate moved it.
    private let streamingPath: String?
    private let escapesControls: Bool
    /// For `--output`: the temporary file and the path it replaces on `commit()`.
    private let replacing: (temporary: String, target: String)?
    private var buffer: [UInt8] = []
    private var failure: Int32? = nil
    private var committed = false

    static let standardOutput = FileOutput(name: "standard output", descriptor: 1)
    static let standardError = FileOutput(name: "standard error", descriptor: 2, escapesControls: true)

    private init(name: String, descriptor: Int32, escapesControls: Bool = false, replacing: (String, String)? = nil,
                 streamingPath: String? = nil) {
        self.name = name
        self.descriptor = descriptor
        self.streamingPath = streamingPath
        self.escapesControls = escapesControls
        self.replacing = replacing
        buffer.reserveCapacity(1 << 16)
    }

    /// Standard output for nil or "-"; otherwise a temporary file that `commit()` renames to `path`.
    /// A path that is one of `inputs` (the same file, by device and inode) is refused before anything
    /// is written, so `--output` can never wipe the capture or log it is about to read.
    static func open(_ path: String?, inputs: [String] = []) throws(InputError) -> FileOutput {
        guard let path, path != "-" else { return standardOutput }
        let target = OutputPath.existing(path)
        if let target, inputs.contains(where: { OutputPath.existing($0) == target }) {
            throw InputError("\(path): refusing to write the report over one of the inputs")
        }
        if target?.isSpecial == true {
            // A device, FIFO or socket (/dev/stdout, a pipe to a collector): written in place, never replaced.
            let descriptor = unsafe Glibc.open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw InputError("\(path): cannot write: \(lastSystemError())") }
            return FileOutput(name: path, descriptor: descriptor)
        }
        let (descriptor, temporary) = try OutputPath.createTemporary(beside: path)
        return FileOutput(name: path, descriptor: descriptor, replacing: (temporary, path))
    }

    /// A file written as it grows (live mode's streamed findings): opened without following a symlink.
    static func openStreaming(_ path: String?) throws(InputError) -> FileOutput {
        guard let path, path != "-" else { return standardOutput }
        let descriptor = unsafe Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw InputError("\(path): cannot write: \(lastSystemError())") }
        return FileOutput(name: path, descriptor: descriptor, streamingPath: path)
    }

    /// After logrotate moved a streamed file away: writes what is buffered to the old file and goes
    /// on in a new one at the same path (appending, never through a symlink). Other outputs ignore it.
    func reopen() throws(OutputError) {
        guard let streamingPath else { return }
        try check()
        let reopened = unsafe Glibc.open(streamingPath, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard reopened >= 0 else { throw OutputError("\(streamingPath): cannot reopen: \(lastSystemError())") }
        close(descriptor)
        descriptor = reopened
    }

    func write(_ text: String) {
        let shown = escapesControls ? TerminalText.escape(text, keepNewlines: true) : text
        buffer.append(contentsOf: shown.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// The only controls the tool itself sends to a terminal (the progress line redraws in place).
    enum TerminalControl: String {
        case carriageReturn = "\r"
        /// CSI K: erases what is left of the previous progress line.
        case eraseToEndOfLine = "\u{1B}[K"
    }

    /// Writes one of the tool's own cursor controls; a type of its own, so no outside text passes here.
    func write(_ control: TerminalControl) {
        buffer.append(contentsOf: control.rawValue.utf8)
    }

    /// Writes binary data (a pcapng file) as it is.
    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    func line(_ text: String) {
        write(text)
        buffer.append(10)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes out what is buffered; an error is kept for `check()` and later writes are dropped.
    func flush() {
        guard failure == nil else { buffer.removeAll(keepingCapacity: true); return }
        var written = 0
        while written < buffer.count {
            let result = unsafe buffer.withUnsafeBytes { bytes in
                unsafe Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { failure = result < 0 ? errno : EIO; break }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Throws when anything written so far was lost (full disk, closed pipe).
    func check() throws(OutputError) {
        flush()
        if let failure { throw OutputError("\(name): cannot write: \(lastSystemError(failure))") }
    }

    /// Completes the output: flushed, synced and, for `--output`, renamed over the target. `durable`
    /// false skips the fsync, for a file rewritten every second (live metrics) whose loss in a crash
    /// costs nothing: the rename still replaces it whole.
    func commit(durable: Bool = true) throws(OutputError) {
        try check()
        guard let replacing, !committed else { return }
        if durable && fsync(descriptor) != 0 || close(descriptor) != 0 {
            let code = errno
            unsafe unlink(replacing.temporary)
            committed = true
            throw OutputError("\(name): cannot write: \(lastSystemError(code))")
        }
        committed = true
        guard unsafe rename(replacing.temporary, replacing.target) == 0 else {
            let code = errno
            unsafe unlink(replacing.temporary)
            throw OutputError("\(name): cannot replace: \(lastSystemError(code))")
        }
    }

    deinit {
        if let replacing, !committed {
            close(descriptor)
            unsafe unlink(replacing.temporary)
        } else if replacing == nil {
            flush()
            if descriptor > 2 { close(descriptor) }
        }
    }
}

/// The report or another output could not be written: exit status 3, distinct from findings (1) and
/// input errors (2).
struct OutputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// An input problem reported to the user in one line, exit status 2.
struct InputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Reads a whole text file (the config) without Foundation.
func readTextFile(_ path: String) throws(InputError) -> String {
    guard let file = unsafe fopen(path, "r") else {
        throw InputError("\(path): cannot read: \(lastSystemError())")
    }
    defer { unsafe fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = unsafe chunk.withUnsafeMutableBytes { unsafe fread($0.baseAddress, 1, $0.count, file) }
        if count == 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// The files the command-line inputs name: directories expand to their files in name order (rotated
/// captures or logs), `-` stays standard input; an unreadable directory is an input error.
func expandedInputs(_ inputs: [String]) throws(InputError) -> [String] {
    do {
        return try InputExpansion.expand(inputs)
    } catch {
        throw InputError(error.description)
    }
}
