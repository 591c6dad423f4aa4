/// Where an observation came from: the input's index in the run and the 1-based frame
/// (as Wireshark numbers it) or log line.
public struct Origin: Hashable, Sendable {
    /// Index of the input in the run (`Analyzer.inputNames`).
    public var input: Int32
    /// 1-based frame or line number, so evidence can be found with Wireshark or `sed -n`.
    public var index: Int64

    /// A frame or line of one input.
    public init(input: Int32, index: Int64) {
        self.input = input
        self.index = index
    }
}
