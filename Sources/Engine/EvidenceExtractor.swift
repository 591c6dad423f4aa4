public import Capture
public import Detection
public import PacketDecoding
public import ProbeHoundCore

/// `--write-evidence`: a second pass over the inputs that copies the frames the findings cite into
/// one pcapng file, each with a comment naming the endpoint, its kinds, score and strongest reason,
/// in capture order, so Wireshark opens exactly what the report lists.
public final class EvidenceExtractor: PacketConsumer {
    private var wanted: [Int32: [Int64: String]] = [:]
    /// The run's input names, for each frame's origin note.
    private var inputNames: [String] = []
    private var writer = PcapngWriter()
    private let sink: ([UInt8]) -> Void
    public private(set) var written = 0

    /// `findings` are the run's (with their evidence origins); `sink` receives the encoded bytes.
    public init(findings: [Finding], sink: @escaping ([UInt8]) -> Void) {
        self.sink = sink
        for finding in findings {
            let comment = EvidenceExtractor.comment(for: finding)
            for origin in finding.evidence where wanted[origin.input]?[origin.index] == nil {
                wanted[origin.input, default: [:]][origin.index] = comment
            }
        }
        sink(writer.take())
    }

    /// Where a written frame came from, at the end of its comment (`[eth0#2 frame 17]`): the frame
    /// number the reports cite, which the evidence file's own numbering does not keep.
    static func originNote(_ origin: Origin, _ inputNames: [String]) -> String {
        let name = origin.input >= 0 && Int(origin.input) < inputNames.count ? inputNames[Int(origin.input)] : "input \(origin.input)"
        return " [\(name) frame \(origin.index)]"
    }

    /// The packet comment of a cited frame: the endpoint, its kinds, score and strongest reason.
    static func comment(for finding: Finding) -> String {
        "ProbeHound: \(finding.endpoint) probed Internet reachability (\(finding.kindNames.joined(separator: ", "))), "
            + "score \(finding.score) \(finding.severity.rawValue): \(finding.reasons.first ?? "")"
    }

    /// The frames wanted from the input with this index.
    public func wants(input: Int32) -> Bool { wanted[input] != nil }

    /// Writes the frame when a finding cites it.
    public func consume(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, decoder: PacketDecoder) {
        guard let comment = wanted[origin.input]?[origin.index] else { return }
        writer.append(packet, timestamp: timestamp, dlt: decoder.linkType.dlt, comment: comment + EvidenceExtractor.originNote(origin, inputNames))
        written += 1
        sink(writer.take())
    }

    /// Filtered frames are never cited.
    public func filteredOut() {}

    /// Reads the inputs again (same readers and filter, so frame numbers agree) and writes the cited
    /// frames. `inputs` are the run's input names by index (`Analyzer.inputNames`); standard input
    /// cannot be read twice and is reported.
    public func extract(from inputs: [String], filter: String?, tunnelPorts: TunnelPorts) -> [CaptureError] {
        var failures: [CaptureError] = []
        inputNames = inputs
        for (index, path) in inputs.enumerated() where wants(input: Int32(index)) {
            guard path != "stdin" else {
                failures.append(CaptureError(input: path, message: "standard input cannot be read again for --write-evidence"))
                continue
            }
            do {
                _ = try OfflineInput.open(path, filter: filter, tunnelPorts: tunnelPorts).run(input: Int32(index), consumer: self)
            } catch {
                failures.append(error)
            }
        }
        return failures
    }
}
