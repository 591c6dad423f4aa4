import Foundation
import Testing

/// Runs Scripts/live-netns-test: a namespace network with real ping, traceroute, mtr and curl,
/// `probehound live` on the first router's inside bridge, checked against tcpdump on the same interface
/// and scraped through `--metrics-listen` by Debian's Prometheus.
/// Needs root and the tools; skipped (with the reason) otherwise. CI runs as root.
@Suite struct LiveCaptureTests {
    static var canBuildNetwork: Bool {
        getuid() == 0 && ["/usr/sbin/ip", "/usr/bin/tcpdump", "/usr/sbin/traceroute", "/usr/bin/mtr", "/usr/bin/curl", "/usr/bin/ping", "/usr/bin/prometheus"]
            .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) || FileManager.default.isExecutableFile(atPath: $0.replacingOccurrences(of: "/usr/sbin", with: "/sbin")) }
    }

    @Test(.enabled(if: canBuildNetwork, "needs root, ip netns, tcpdump, traceroute, mtr, curl, ping and prometheus"), .timeLimit(.minutes(5)))
    func probingClientIsFlaggedOnASpanPort() {
        let run = ScriptRun("live-netns-test")
        #expect(run.passed, "\(run.output)")
    }
}
