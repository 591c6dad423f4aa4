import Capture
#if canImport(Glibc)
import Glibc
#endif

/// Buffered text output to standard output, standard error or a file (stdio does the buffering;
/// its streams lock internally, hence the unchecked Sendable).
final class FileOutput: @unchecked Sendable {
    private let stream: UnsafeMutablePointer<FILE>
    private let owned: Bool

    static let standardOutput = FileOutput(stream: fdopen(1, "w"), owned: false)
    static let standardError = FileOutput(stream: fdopen(2, "w"), owned: false)

    private init(stream: UnsafeMutablePointer<FILE>, owned: Bool) {
        self.stream = stream
        self.owned = owned
    }

    /// Opens `path` for writing (truncating), or standard output for nil or "-".
    static func open(_ path: String?) throws(InputError) -> FileOutput {
        guard let path, path != "-" else { return standardOutput }
        guard let file = fopen(path, "w") else {
            throw InputError("\(path): cannot write: \(String(cString: strerror(errno)))")
        }
        return FileOutput(stream: file, owned: true)
    }

    func write(_ text: String) {
        fputs(text, stream)
    }

    func line(_ text: String) {
        fputs(text, stream)
        fputc(10, stream)
    }

    func flush() {
        fflush(stream)
    }

    deinit {
        if owned { fclose(stream) } else { fflush(stream) }
    }
}

/// An input problem reported to the user in one line, exit status 2.
struct InputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Reads a whole text file (the config) without Foundation.
func readTextFile(_ path: String) throws(InputError) -> String {
    guard let file = fopen(path, "r") else {
        throw InputError("\(path): cannot read: \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
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
