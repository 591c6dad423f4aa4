import Foundation
import Testing

/// `read --write-evidence`: the frames the findings cite, read back by tshark, with their comments.
@Suite struct EvidenceFileTests {
    static var hasTshark: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark") }

    @Test(.enabled(if: hasTshark, "needs tshark"), arguments: [nil, "ip"] as [String?])
    func evidenceFramesAreTheFindingsAndCarryComments(_ filter: String?) throws {
        let dir = try HostileInputTests.directory("evidence-\(filter ?? "none")")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcapng = dir.appendingPathComponent("evidence.pcapng").path
        var arguments = ["read", "\(CaptureRun.capturesDirectory)/e_mixed.pcap", "--format", "ndjson", "--write-evidence", pcapng]
        if let filter { arguments += ["--filter", filter] }
        let run = HostileInputTests.probehound(arguments, in: dir)
        #expect(run.status == 1, "\(run.stderr)")
        var cited = 0
        var endpoints: Set<String> = []
        for line in run.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard object["type"] as? String == "finding" else { continue }
            cited += (object["evidence"] as? [Any])?.count ?? 0
            endpoints.insert(try #require(object["endpoint"] as? String))
        }
        let fields = dir.appendingPathComponent("fields.tsv").path
        #expect(system("tshark -r '\(pcapng)' -T fields -e frame.number -e frame.comment >'\(fields)' 2>/dev/null") == 0)
        let rows = try String(contentsOfFile: fields, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == cited && cited > 0, "\(rows.count) frames written, \(cited) cited")
        #expect(rows.allSatisfy { row in endpoints.contains { row.contains("ProbeHound: \($0) probed Internet reachability") } })
        #expect(run.stderr.contains("\(cited) evidence frames written"))
    }
}
