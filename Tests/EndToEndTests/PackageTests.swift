import Foundation
import Testing

/// `Scripts/package` builds a .deb that installs like tcpdump's; `Scripts/package-install-test`
/// installs it with apt-get into a clean Debian bookworm root (debootstrap minbase) and checks there
/// that it runs without the Swift toolchain, flags the sample's prober, has its man page and
/// completions, and that `systemd-analyze verify` passes on the unit.
@Suite struct PackageTests {
    static var canInstall: Bool {
        getuid() == 0 && ["/usr/bin/dpkg", "/usr/bin/systemd-analyze"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: canInstall, "needs root (debootstrap, chroot), dpkg and systemd-analyze"), .timeLimit(.minutes(30)))
    func theDebianPackageInstallsInACleanRoot() throws {
        let dir = try HostileInputTests.directory("package")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("package.log").path
        let root = ScriptRun.packageRoot.path
        #expect(system("cd '\(root)' && bash Scripts/package >'\(log)' 2>&1") == 0, "\((try? String(contentsOfFile: log, encoding: .utf8))?.suffix(2000) ?? "")")
        let deb = try #require(try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").last.map(String.init))
        #expect(deb.hasSuffix(".deb"))
        let depends = dir.appendingPathComponent("depends.txt").path
        #expect(system("dpkg-deb -f '\(deb)' Depends >'\(depends)'") == 0)
        #expect(try String(contentsOfFile: depends, encoding: .utf8).contains("libpcap0.8"))
        let out = dir.appendingPathComponent("install.log").path
        let status = system("cd '\(root)' && bash Scripts/package-install-test '\(deb)' >'\(out)' 2>&1")
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        #expect(status == 0 && text.contains("PASS"), "\(text.suffix(3000))")
    }
}
