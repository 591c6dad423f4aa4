/// A capture input that could not be used, with libpcap's own words.
public struct CaptureError: Error, CustomStringConvertible, Sendable {
    public let input: String
    public let message: String

    public init(input: String, message: String) {
        self.input = input
        self.message = message
    }

    public var description: String { "\(input): \(message)" }
}
