@testable import Engine
import Detection
import Foundation
import ProbeHoundCore
import Testing

/// Live `--write-evidence` without a live interface: a capture read frame by frame through the
/// same recorder. With rings large enough every cited frame is written once, even when the
/// findings are handed over again; with small rings only what the rings still hold, the rest counted.
@Suite struct LiveEvidenceTests {
    func run(_ capture: String = "e_mixed.pcap", packetsPerEndpoint: Int, byteBudget: Int) -> (written: Int, missing: Int, cited: Int, bytes: [UInt8]) {
        var bytes: [UInt8] = []
        let analyzer = PacketAnalyzer(config: DetectionConfig())
        let recorder = LiveEvidenceRecorder(packetsPerEndpoint: packetsPerEndpoint, byteBudget: byteBudget) { bytes += $0 }
        analyzer.evidenceRecorder = recorder
        _ = analyzer.read([CaptureRun.capturesDirectory + "/" + capture], filter: nil)
        let findings = analyzer.finish()
        recorder.write(findings, inputNames: analyzer.inputNames)
        recorder.write(findings, inputNames: analyzer.inputNames)
        return (recorder.written, recorder.missing, findings.reduce(0) { $0 + $1.evidence.count }, bytes)
    }

    @Test(arguments: WorkerPathTests.captures)
    func everyCitedFrameOnceWhenTheRingsHoldThem(_ capture: String) throws {
        let result = run(capture, packetsPerEndpoint: 4096, byteBudget: 256 << 20)
        #expect(result.written == result.cited && result.missing == 0)
        // A pcapng section: the header block's magic, then one enhanced packet block per frame.
        #expect(Array(result.bytes.prefix(4)) == [0x0A, 0x0D, 0x0D, 0x0A])
        guard result.cited > 0 else { return }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("probehound-\(getpid())-live-evidence-\(capture.replacingOccurrences(of: "/", with: "_")).pcapng").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(result.bytes))
        let reread = CaptureRun([path])
        #expect(reread.summary.packets == result.cited)
    }

    @Test func smallRingsKeepTheBoundAndCountWhatLeft() {
        let result = run(packetsPerEndpoint: 8, byteBudget: 1 << 16)
        #expect(result.written + result.missing == result.cited)
        #expect(result.missing > 0 && result.written <= 8 * 3)
    }

    /// A flood of spoofed one-packet sources after the probers' packets, twice the byte budget: the
    /// one-packet rings give way, and with the default ring size (first half kept for good) every
    /// frame the probers' findings cite is still written, even when written only at the end.
    @Test func aFloodOfOnePacketSourcesDoesNotPushOutAProbersEvidence() {
        var bytes: [UInt8] = []
        let analyzer = PacketAnalyzer(config: DetectionConfig())
        let recorder = LiveEvidenceRecorder(packetsPerEndpoint: 128, byteBudget: 2 << 20) { bytes += $0 }
        analyzer.evidenceRecorder = recorder
        _ = analyzer.read([CaptureRun.capturesDirectory + "/e_mixed.pcap"], filter: nil)
        let spoofed = [UInt8](repeating: 0x45, count: 200)
        for index in 0..<20_000 {
            recorder.keep(spoofed.span, timestamp: Timestamp(seconds: 1, nanoseconds: 0), origin: Origin(input: 0, index: Int64(1_000_000 + index)),
                          dlt: 1, endpoint: IPAddress(v4: 0x0A10_0000 | UInt32(index)))
        }
        let findings = analyzer.finish()
        recorder.write(findings, inputNames: analyzer.inputNames)
        #expect(recorder.missing == 0 && recorder.written == findings.reduce(0) { $0 + $1.evidence.count })
    }
}
