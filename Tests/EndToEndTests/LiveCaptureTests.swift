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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.packageRoot.appendingPathComponent("Scripts/live-netns-test").path]
        var environment = ProcessInfo.processInfo.environment
        environment["PROBEHOUND"] = Self.packageRoot.appendingPathComponent(".build/debug/probehound").path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("PASS"))
    }
}
