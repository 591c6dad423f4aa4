import Engine
import Detection
import Foundation
import ProbeHoundCore
import Reporting
import Testing

/// Encapsulations (issue 15): the peers' encapsulated traces decode to their inner packets as tshark
/// sees them, and the generated captures rewrapped into every encapsulation give the same findings.
@Suite struct EncapsulationTests {
    static let directory = CaptureRun.capturesDirectory + "/encapsulated"
    /// tshark's payload packet of one frame.
    struct ExpectedFrame: Sendable {
        let source: String
        let destination: String
        let stack: String
    }

    /// tshark's counts over a file's inner packets.
    struct Facts: Sendable {
        let echoRequests: Int
        let httpRequests: Int
        let dnsQueries: Int
    }

    static let expectedFrames: [String: [Int: ExpectedFrame]] = {
        var byFile: [String: [Int: ExpectedFrame]] = [:]
        let text = (try? String(contentsOfFile: directory + "/EXPECTED-frames.jsonl", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            guard let frame = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let file = frame["file"] as? String, let number = frame["frame"] as? Int else { continue }
            byFile[file, default: [:]][number] = ExpectedFrame(source: frame["src"] as? String ?? "", destination: frame["dst"] as? String ?? "",
                                                             stack: frame["stack"] as? String ?? "")
        }
        return byFile
    }()

    static let facts: [String: Facts] = {
        let all = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/EXPECTED.json")))) as? [String: Any] ?? [:]
        var out: [String: Facts] = [:]
        for (file, value) in all {
            guard let facts = value as? [String: Any], let echoes = facts["echo_requests"] as? Int else { continue }
            out[file] = Facts(echoRequests: echoes, httpRequests: (facts["http_requests"] as? [Any])?.count ?? 0,
                              dnsQueries: (facts["dns_queries"] as? [Any])?.count ?? 0)
        }
        return out
    }()

    @Test func theTracesAreHere() { #expect(Self.expectedFrames.count >= 26) }

    /// Frame by frame, the observation is tshark's payload packet. Where an outer IP packet is
    /// fragmented, ProbeHound reads the inner packet from the first fragment while tshark shows it
    /// on the last (after reassembly): those frames swap, so they are compared as a multiset.
    @Test(arguments: expectedFrames.keys.sorted())
    func observationsAreTheInnerPackets(_ file: String) throws {
        let run = CaptureRun("encapsulated/\(file)", keepObservations: true)
        let frames = try #require(Self.expectedFrames[file])
        var observed: [Int: (String, String)] = [:]
        for observation in run.observations {
            let origin = try #require(observation["origin"] as? [String: Any])
            observed[try #require(origin["frame"] as? Int)] = (observation["src"] as? String ?? "", observation["dst"] as? String ?? "")
        }
        #expect(observed.count == frames.count, "\(file): \(observed.count) observations, tshark has \(frames.count) IP frames")
        var ours: [String: Int] = [:], theirs: [String: Int] = [:]
        var shifted = 0, fragmentsShownUnreassembled = 0
        for (number, frame) in frames {
            let expected = (frame.source, frame.destination)
            if frame.stack.hasSuffix(":ip:data") { fragmentsShownUnreassembled += 1 }
            guard let actual = observed[number] else { continue }
            if actual != expected {
                shifted += 1
                ours["\(actual)", default: 0] += 1
                theirs["\(expected)", default: 0] += 1
            }
        }
        #expect(shifted <= 2 * fragmentsShownUnreassembled, "\(file): \(shifted) frames disagree")
        if file.hasPrefix("gtpu") {
            // Four first fragments have no last fragment in the trace: tshark never reassembles them.
            #expect(Set(ours.keys).count <= 4)
        } else {
            #expect(ours == theirs, "\(file): the swapped frames are not the same packets")
        }
        #expect(run.summary.skipped.total == run.summary.packets - frames.count)
    }

    @Test(arguments: expectedFrames.keys.sorted())
    func echoHTTPAndDNSCountsMatch(_ file: String) throws {
        let facts = try #require(Self.facts[file])
        let run = CaptureRun("encapsulated/\(file)", keepObservations: true)
        // tshark's counts are over inner packets: those in a tunnel, or on a link that is itself an encapsulation.
        let wholeLinkIsInner = ["ppp", "chdlc", "wlan", "radiotap", "sll2-any"].contains { file.hasPrefix($0 + "_") }
        let inner = run.observations.filter { wholeLinkIsInner || $0["tunnel"] is [String: Any] }
        let echoes = inner.filter { [8, 128].contains($0["icmp_type"] as? Int ?? -1) }.count
        let http = inner.filter { $0["http"] is [String: Any] }.count
        let dns = inner.filter { $0["dns_query"] is String }.count
        #expect(echoes == facts.echoRequests, "\(file) echo requests")
        #expect(http == facts.httpRequests, "\(file) HTTP requests")
        #expect(dns >= facts.dnsQueries, "\(file) DNS queries")
    }

    static let encapsulations = ["pppoe", "mpls", "mpls-pw", "gre", "gre-teb", "erspan2", "erspan3", "vxlan", "geneve", "l2tp",
                                 "ppp", "chdlc", "wlan", "radiotap"]

    /// The findings of a capture as JSON lines, without what says where the packets came from.
    static func findingLines(_ path: String) -> [String] {
        CaptureRun([path]).findings.map { finding in
            var plain = finding
            plain.tunnels = []
            return FindingJSON.line(plain, inputNames: ["capture"], originUnit: "frame")
        }
    }

    @Test(arguments: encapsulations)
    func rewrappedCapturesGiveTheSameFindings(_ encapsulation: String) throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("probehound-rewrap-\(encapsulation)-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let script = ScriptRun.packageRoot.appendingPathComponent("Scripts/rewrap-capture").path
        for capture in ["a_compromised_linux.pcap", "c_ipv6.pcap", "d_windows_like.pcap"] {
            let original = "\(CaptureRun.capturesDirectory)/\(capture)", rewrapped = work.appendingPathComponent(capture).path
            #expect(system("python3 '\(script)' \(encapsulation) '\(original)' '\(rewrapped)'") == 0)
            let expected = Self.findingLines(original)
            #expect(!expected.isEmpty)
            #expect(Self.findingLines(rewrapped) == expected, "\(encapsulation) \(capture)")
            let run = CaptureRun([rewrapped])
            if !["ppp", "chdlc", "wlan", "radiotap"].contains(encapsulation) {
                #expect(run.findings.allSatisfy { !$0.tunnels.isEmpty }, "the finding says where the traffic came from")
                #expect(!run.summary.encapsulated.nonZero.isEmpty)
            }
        }
    }
}
