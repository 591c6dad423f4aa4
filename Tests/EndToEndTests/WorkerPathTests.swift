@testable import Engine
import Capture
import Detection
import Foundation
import PacketDecoding
import ProbeHoundCore
import Testing

/// `live --workers`: capture workers pass on only what `ProbeDetector.mayUse` admits, and the
/// detector's thread decodes those frames again. Run without threads over every sample capture,
/// that path must give exactly the findings and frame counts of reading every frame in one place:
/// a frame the filter drops that `observe` would have used changes a finding and fails here.
@Suite struct WorkerPathTests {
    static let captures: [String] = {
        let directory = CaptureRun.capturesDirectory
        let names = ["a_compromised_linux.pcap", "b_benign_noise.pcap", "c_ipv6.pcap", "d_windows_like.pcap", "e_mixed.pcap"]
        let real = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/real"))?.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
            .sorted().map { "real/" + $0 } ?? []
        return names + real
    }()

    @Test(arguments: captures)
    func forwardedFramesGiveTheSameFindings(_ capture: String) throws {
        let path = CaptureRun.capturesDirectory + "/" + capture
        let config = DetectionConfig()
        let whole = CaptureRun([path], config: config)

        let analyzer = PacketAnalyzer(config: config)
        let input = analyzer.register(inputName: path)
        let worker = CaptureWorker(config: config, forwardsEverything: false)
        let opened = try OfflineInput.open(path, filter: nil, tunnelPorts: config.tunnelPorts)
        _ = opened.run(input: input, consumer: worker)
        let batch = worker.takeBatch()
        analyzer.consumeForwarded(batch, decoder: PacketDecoder(linkType: opened.linkType, tunnelPorts: config.tunnelPorts))
        analyzer.takeFrameCounts([worker.counts])
        let forwarded = analyzer.finish()

        func shape(_ findings: [Finding]) -> [String] {
            findings.map { "\($0.endpoint) \($0.score) \($0.kindNames) \($0.evidence.map(\.index)) \($0.evidenceCount) \($0.reasons)" }.sorted()
        }
        #expect(shape(forwarded) == shape(whole.findings))
        #expect(analyzer.summary.packets == whole.summary.packets && analyzer.summary.observations == whole.summary.observations)
        #expect(analyzer.summary.skipped == whole.summary.skipped)
        // The point of the workers: most frames never reach the detector's thread.
        if whole.summary.packets > 1000 { #expect(batch.count * 2 < whole.summary.packets, "\(batch.count) of \(whole.summary.packets) forwarded") }
    }
}
