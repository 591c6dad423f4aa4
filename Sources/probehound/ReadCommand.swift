import ProbeHoundCore
import Engine
import ArgumentParser
import Capture
import Detection
import Reporting

/// `probehound read`: offline triage of pcap and pcapng files.
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Analyse pcap/pcapng files, directories of rotated captures, or - for standard input."
    )

    @Argument(help: "Capture files or directories; - reads standard input.")
    var inputs: [String]

    @Option(name: .long, help: "BPF filter expression, as tcpdump takes it (compiled by libpcap).")
    var filter: String?

    @Option(name: .customLong("write-evidence"), help: "Write the frames the findings cite to this pcapng file, each with a comment naming the endpoint and why (a second pass over the inputs).")
    var writeEvidence: String?

    @OptionGroup var options: DetectionOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one capture file, directory or -") }
    }

    func run() throws {
        let config = try options.detectionConfig()
        let files = try expandedInputs(inputs)
        let output = try FileOutput.open(options.output, inputs: files)
        let destination = try FindingOutput(options: options, output: output)
        let sink = options.emit == .observations ? ObservationLines(output) : nil
        let analyzer = PacketAnalyzer(config: config, observationSink: sink)
        let progress = options.noProgress ? nil : ProgressBar(inputs: files, unit: "packets")
        if let progress { analyzer.progressHook = { progress.update($0) } }
        let failures = analyzer.read(files, filter: filter)
        progress?.finish()
        for failure in failures {
            let hint = InputKind.of(failure.input) == .text ? " (it is text: firewall and flow logs are read by `probehound logs`)" : ""
            FileOutput.standardError.line("probehound: \(failure)\(hint)")
        }
        if analyzer.summary.inputs == 0 { throw ExitCode(2) }
        if let writeEvidence { try writeEvidenceFile(writeEvidence, analyzer: analyzer, inputs: files) }
        try report(analyzer, options: options, destination: destination)
    }

    private func writeEvidenceFile(_ path: String, analyzer: PacketAnalyzer, inputs: [String]) throws {
        let evidence = try FileOutput.open(path, inputs: inputs)
        let extractor = EvidenceExtractor(findings: analyzer.finish()) { evidence.write(bytes: $0) }
        for failure in extractor.extract(from: analyzer.inputNames, filter: filter, tunnelPorts: analyzer.tunnelPorts) {
            FileOutput.standardError.line("probehound: --write-evidence: \(failure)")
        }
        try evidence.commit()
        FileOutput.standardError.line("probehound: \(extractor.written) evidence frame\(extractor.written == 1 ? "" : "s") written to \(path)")
    }
}
