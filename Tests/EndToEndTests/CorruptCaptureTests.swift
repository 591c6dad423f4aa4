import Engine
import Capture
import Detection
import Foundation
import ProbeHoundCore
import Reporting
import Testing

/// Hostile captures made from the samples: byte flips by `editcap -E` (seeded), files cut at many
/// offsets (mid-header, mid-record), bad magic, zero-length and oversized records. Each must read
/// without a crash or hang, keep `packets = observations + skipped`, and fail only where nothing
/// could be read.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/editcap"), "editcap (wireshark-common) is not installed"))
struct CorruptCaptureTests {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("probehound-corrupt-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static let bases = ["a_compromised_linux.pcap", "c_ipv6.pcap", "d_windows_like.pcap", "e_mixed.pcapng", "nflog_e_mixed.pcap"]

    /// Runs `analyze` on one variant and checks the invariants.
    static func check(_ path: String) {
        let analyzer = PacketAnalyzer(config: DetectionConfig())
        let failures = analyzer.read([path], filter: nil)
        _ = analyzer.finish()
        let summary = analyzer.summary
        #expect(summary.packets == summary.observations + summary.skipped.total, "\(path)")
        #expect(failures.isEmpty || summary.inputs == 0, "\(path)")
    }

    /// Inputs the fuzzers crashed ProbeHound with (Tests/EndToEndTests/Regressions), read again.
    @Test(arguments: ["pcap-microseconds-overflow.pcap"])
    func fuzzerCrashesStayFixed(_ name: String) {
        let path = ScriptRun.packageRoot.appendingPathComponent("Tests/EndToEndTests/Regressions/\(name)").path
        Self.check(path)
    }

    @Test func oversizedFractionsCarryIntoSeconds() {
        // FuzzCaptureFiles: 0x7fab07... microseconds overflowed Int32 and trapped.
        let time = ClassicPcapReader.timestamp(seconds: 10, fraction: 2_500_000, nanosecond: false)
        #expect(time == Timestamp(seconds: 12, nanoseconds: 500_000_000))
        let huge = ClassicPcapReader.timestamp(seconds: UInt32.max, fraction: UInt32.max, nanosecond: false)
        #expect(huge.nanoseconds >= 0 && huge.nanoseconds < 1_000_000_000)
    }

    @Test(arguments: bases)
    func byteFlips(_ base: String) throws {
        for seed in 1...30 {
            let out = Self.directory.appendingPathComponent("\(base)-flip-\(seed)").path
            let status = system("editcap --seed \(seed) -E 0.02 '\(CaptureRun.capturesDirectory)/\(base)' '\(out)' 2>/dev/null")
            #expect(status == 0)
            Self.check(out)
        }
    }

    @Test(arguments: bases)
    func truncations(_ base: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(CaptureRun.capturesDirectory)/\(base)"))
        var cuts = [0, 1, 4, 12, 23, 24, 25, 39, 40, 41, 100]
        for step in 1...19 { cuts.append(data.count * step / 20 + step) }
        for cut in cuts where cut < data.count {
            let out = Self.directory.appendingPathComponent("\(base)-cut-\(cut)").path
            _ = FileManager.default.createFile(atPath: out, contents: data.prefix(cut))
            Self.check(out)
        }
    }

    @Test func badMagicAndImpossibleRecords() throws {
        func pcap(_ records: [(caplen: UInt32, length: UInt32, bytes: [UInt8])], snaplen: UInt32 = 65535) -> Data {
            var out = Data()
            func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
            u32(0xa1b2c3d4); u32(0x0004_0002); u32(0); u32(0); u32(snaplen); u32(1)
            for record in records { u32(1); u32(0); u32(record.caplen); u32(record.length); out.append(contentsOf: record.bytes) }
            return out
        }
        let ping = Array(repeating: UInt8(0), count: 12) + [8, 0, 0x45, 0, 0, 28] + Array(repeating: UInt8(1), count: 22)
        let cases: [(String, Data)] = [
            ("magic", Data("not a capture at all".utf8)),
            ("zero-length", pcap([(0, 0, []), (UInt32(ping.count), UInt32(ping.count), ping)])),
            ("huge-record", pcap([(262_144, 262_144, Array(repeating: 0x45, count: 262_144)), (UInt32(ping.count), UInt32(ping.count), ping)], snaplen: 262_144)),
            ("caplen-beyond-snaplen", pcap([(70_000, 70_000, Array(repeating: 0, count: 70_000))], snaplen: 100)),
            ("caplen-beyond-file", pcap([(5_000, 5_000, ping)])),
        ]
        for (name, bytes) in cases {
            let out = Self.directory.appendingPathComponent("hostile-\(name)").path
            _ = FileManager.default.createFile(atPath: out, contents: bytes)
            Self.check(out)
        }
    }
}
