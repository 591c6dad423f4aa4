import Foundation
import Testing

/// Runs Scripts/live-netns-test: a namespace network with real ping, traceroute, mtr and curl,
/// `probehound live` on the first router's inside bridge, checked against tcpdump on the same interface.
/// Needs root and the tools; skipped (with the reason) otherwise. CI runs as root.
@Suite struct LiveCaptureTests {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static var canBuildNetwork: Bool {
        getuid() == 0 && ["/usr/sbin/ip", "/usr/bin/tcpdump", "/usr/sbin/traceroute", "/usr/bin/mtr", "/usr/bin/curl", "/usr/bin/ping"]
            .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) || FileManager.default.isExecutableFile(atPath: $0.replacingOccurrences(of: "/usr/sbin", with: "/sbin")) }
    }

    @Test(.enabled(if: canBuildNetwork, "needs root, ip netns, tcpdump, traceroute, mtr, curl and ping"), .timeLimit(.minutes(5)))
    func probingClientIsFlaggedOnASpanPort() throws {
        // system(3) waits with waitpid; Foundation's Process can miss the exit of a script whose
        // children outlive it. Output goes to a file so nothing waits on a pipe.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("live-netns-\(getpid()).log").path
        let script = Self.packageRoot.appendingPathComponent("Scripts/live-netns-test").path
        let binary = Self.packageRoot.appendingPathComponent(".build/debug/probehound").path
        let status = system("PROBEHOUND='\(binary)' bash '\(script)' </dev/null >'\(log)' 2>&1")
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: log)
        #expect(status == 0, "\(output)")
        #expect(output.contains("PASS"))
    }
}
