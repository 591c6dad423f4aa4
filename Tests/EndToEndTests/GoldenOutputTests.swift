import Foundation
import Testing

/// Every sample capture and log in Captures/ gives, in every output format, exactly the output
/// checked in under Tests/Goldens (as tcpdump keeps a `.out` per test pcap). `Scripts/update-goldens`
/// regenerates them; review the diff before committing it.
@Suite struct GoldenOutputTests {
    struct Golden: Sendable, CustomStringConvertible {
        let input: String
        let format: String
        let status: Int32
        var description: String { "\(input) \(format)" }
    }

    static let directory = ScriptRun.packageRoot.appendingPathComponent("Tests/Goldens")

    static let goldens: [Golden] = {
        let index = (try? String(contentsOf: directory.appendingPathComponent("index.tsv"), encoding: .utf8)) ?? ""
        return index.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 3, let status = Int32(fields[2]) else { return nil }
            return Golden(input: fields[0], format: fields[1], status: status)
        }
    }()

    @Test func everySampleHasGoldens() throws {
        let listed = Set(Self.goldens.map(\.input))
        let enumerator = FileManager.default.enumerator(atPath: CaptureRun.capturesDirectory)
        var samples: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if [".pcap", ".pcapng", ".log", ".jsonl"].contains(where: { path.hasSuffix($0) }) { samples.append("Captures/" + path) }
        }
        #expect(!samples.isEmpty)
        for sample in samples { #expect(listed.contains(sample), "\(sample) has no golden outputs: run Scripts/update-goldens") }
    }

    @Test(arguments: goldens)
    func outputMatchesTheGolden(_ golden: Golden) throws {
        let isCapture = golden.input.hasSuffix(".pcap") || golden.input.hasSuffix(".pcapng")
        let command = isCapture ? "read '\(golden.input)'" : "logs '\(golden.input)' --year 2026"
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let status = system("cd '\(ScriptRun.packageRoot.path)' && '\(HostileInputTests.binary)' \(command) --format \(golden.format) --no-progress >'\(temporary.path)' 2>/dev/null")
        #expect((status >> 8) & 0xFF == golden.status, "exit status of \(golden)")
        // The sensor's host name (ECS observer.hostname) is the one machine-dependent field.
        let actual = try String(contentsOf: temporary, encoding: .utf8)
            .replacing(/"hostname":"[^"]*"\}/, with: "\"hostname\":\"<hostname>\"}")
        let name = String(golden.input.dropFirst("Captures/".count)).replacingOccurrences(of: "/", with: "__") + "." + golden.format
        let expected = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        #expect(actual == expected, "\(golden) differs from Tests/Goldens/\(name); if intended, run Scripts/update-goldens and review the diff")
    }
}
