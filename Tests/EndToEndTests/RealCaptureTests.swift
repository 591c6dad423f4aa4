import Detection
import Foundation
import ProbeHoundCore
import Testing

/// Real captures nobody here wrote (Captures/real, copied with their labels from public
/// repositories): every `must_detect` prober found with its kinds and traceroute targets, no benign
/// host above LOW, nothing flagged that must not be, and every real prober above every benign host.
@Suite struct RealCaptureTests {
    static let directory = CaptureRun.capturesDirectory + "/real"

    static let labelled: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/labels")) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static func endpoints(_ value: Any?) -> [String] {
        ((value as? [Any]) ?? []).compactMap { ($0 as? [String: Any])?["endpoint"] as? String ?? $0 as? String }
    }

    @Test func theLabelledCapturesAreHere() { #expect(Self.labelled.count >= 16) }

    @Test(arguments: labelled)
    func verdictsMatchTheLabels(_ capture: String) throws {
        let label = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(Self.directory)/labels/\(capture).json"))) as? [String: Any])
        let run = CaptureRun("real/\(capture)")
        let probers = (label["probers"] as? [[String: Any]]) ?? []
        var lowestProber = Int.max
        for prober in probers where prober["expectation"] as? String == "must_detect" {
            let endpoint = try #require(prober["endpoint"] as? String)
            let finding = try #require(run.finding(for: endpoint), "\(capture): \(endpoint) not flagged")
            lowestProber = min(lowestProber, finding.score)
            for kind in (prober["kinds"] as? [String]) ?? [] {
                #expect(finding.kindNames.contains(kind), "\(capture): \(endpoint) lacks \(kind)")
            }
            for trace in (prober["traceroute"] as? [[String: Any]]) ?? [] {
                let target = try #require(trace["target"] as? String)
                #expect(finding.traceroutes.contains { $0.target.description == target }, "\(capture): no traceroute to \(target)")
            }
        }
        let proberEndpoints = Set(probers.compactMap { $0["endpoint"] as? String })
        for endpoint in Self.endpoints(label["not_above_low"]) {
            if let finding = run.finding(for: endpoint) { #expect(finding.severity == .low, "\(capture): \(endpoint) at \(finding.severity)") }
        }
        for endpoint in Self.endpoints(label["must_not_flag"]) {
            #expect(run.finding(for: endpoint) == nil, "\(capture): \(endpoint) must not be flagged")
        }
        for finding in run.findings where !proberEndpoints.contains(finding.endpoint.description) && lowestProber != .max {
            #expect(finding.score < lowestProber, "\(capture): \(finding.endpoint) (\(finding.score)) ranks with a real prober (\(lowestProber))")
        }
    }
}
