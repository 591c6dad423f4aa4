import Foundation
import Testing

/// `Scripts/package` builds a .deb that installs like tcpdump's: a binary that runs without the
/// Swift toolchain, the man page, completions, the conffile, a systemd unit that `systemd-analyze
/// verify` accepts, and a system user; it removes cleanly.
@Suite struct PackageTests {
    static var canInstall: Bool {
        getuid() == 0 && ["/usr/bin/dpkg", "/usr/bin/systemd-analyze"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: canInstall, "needs root, dpkg and systemd-analyze"), .timeLimit(.minutes(20)))
    func theDebianPackageInstallsAndRuns() throws {
        let dir = try HostileInputTests.directory("package")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("package.log").path
        let root = ScriptRun.packageRoot.path
        #expect(system("cd '\(root)' && bash Scripts/package >'\(log)' 2>&1") == 0, "\((try? String(contentsOfFile: log, encoding: .utf8))?.suffix(2000) ?? "")")
        let deb = try #require(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").last.map(String.init))
        #expect(deb.hasSuffix("_amd64.deb") || deb.hasSuffix(".deb"))
        let check = dir.appendingPathComponent("check.sh").path
        try """
        set -e
        dpkg --purge probehound >/dev/null 2>&1 || true
        dpkg -i '\(deb)'
        # Runs with an empty environment: no Swift toolchain on the library path.
        env -i /usr/bin/probehound --version | grep -q '^0\\.'
        ! ldd /usr/bin/probehound | grep -qi swift
        dpkg-deb -f '\(deb)' Depends | grep -q libpcap
        test -f /usr/share/man/man1/probehound.1.gz
        test -s /usr/share/bash-completion/completions/probehound
        test -s /usr/share/zsh/vendor-completions/_probehound
        test -s /usr/share/fish/vendor_completions.d/probehound.fish
        grep -q '^/etc/probehound/probehound.conf$' /var/lib/dpkg/info/probehound.conffiles
        grep -q 'License: MIT' /usr/share/doc/probehound/copyright
        getent passwd probehound >/dev/null
        test -z "$(systemd-analyze verify probehound@lo.service 2>&1)"
        grep -q 'AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN' /lib/systemd/system/probehound@.service
        env -i /usr/bin/probehound read '\(CaptureRun.capturesDirectory)/a_compromised_linux.pcap' --format ndjson | grep -q '"endpoint":"192.168.56.59"'
        dpkg --purge probehound >/dev/null
        ! getent passwd probehound >/dev/null
        echo PACKAGE-OK
        """.write(toFile: check, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("check.log").path
        let status = system("bash -x '\(check)' >'\(out)' 2>&1")
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        #expect(status == 0 && text.contains("PACKAGE-OK"), "\(text.suffix(3000))")
    }
}
