#if canImport(Glibc)
import Glibc
#endif

/// A capture input that could not be used, with libpcap's own words.
public struct CaptureError: Error, CustomStringConvertible, Sendable {
    /// The file, standard input or interface.
    public let input: String
    /// Why, in libpcap's or the reader's words.
    public let message: String

    /// An error about one input.
    public init(input: String, message: String) {
        self.input = input
        self.message = message
    }

    /// `input: message`, as the command prints it.
    public var description: String { "\(input): \(message)" }
}

/// The C library's words for a failed system call's error (`code`, else the current `errno`): what
/// every message about a file, directory, socket or interface call that failed ends with.
public func lastSystemError(_ code: Int32? = nil) -> String {
    unsafe String(cString: strerror(code ?? errno))
}
