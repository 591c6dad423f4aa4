/// Where an observation came from: the input's index in the run and the 1-based frame
/// (as Wireshark numbers it) or log line.
public struct Origin: Hashable, Sendable {
    public var input: Int32
    public var index: Int64

    public init(input: Int32, index: Int64) {
        self.input = input
        self.index = index
    }
}
