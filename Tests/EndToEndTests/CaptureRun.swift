import Engine
import Detection
import Foundation
import ProbeHoundCore
import Reporting

/// Runs the real analyzer over files in the project's Captures folder.
struct CaptureRun {
    static let capturesDirectory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Captures").path
    }()

    let findings: [Finding]
    let summary: RunSummary
    let observations: [[String: Any]]

    init(_ relativePaths: [String], config: DetectionConfig = DetectionConfig(), filter: String? = nil, keepObservations: Bool = false) {
        let lines = ObservationCollector()
        let analyzer = PacketAnalyzer(config: config, observationSink: keepObservations ? lines : nil)
        let failures = analyzer.read(relativePaths.map { $0.hasPrefix("/") ? $0 : CaptureRun.capturesDirectory + "/" + $0 }, filter: filter)
        precondition(failures.isEmpty, "\(failures)")
        findings = analyzer.finish()
        summary = analyzer.summary
        observations = lines.lines.map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    init(_ relativePath: String, config: DetectionConfig = DetectionConfig(), keepObservations: Bool = false) {
        self.init([relativePath], config: config, keepObservations: keepObservations)
    }

    func finding(for address: String) -> Finding? {
        findings.first { $0.endpoint.description == address }
    }
}

/// Keeps every observation as its JSON line, as `--emit observations` writes it.
final class ObservationCollector: ObservationSink {
    private(set) var lines: [String] = []

    func take(_ observation: Observation, bytes: Span<UInt8>, inputName: String, originUnit: String) {
        lines.append(ObservationJSON.line(observation, bytes: bytes, inputName: inputName, originUnit: originUnit))
    }
}
