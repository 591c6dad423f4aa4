import Foundation

/// Runs one of `Scripts/` against the debug build of probehound, as the scripted end-to-end checks
/// (namespace network, rsyslog) need. system(3) waits with waitpid; Foundation's Process can miss
/// the exit of a script whose children outlive it. Output goes to a file so nothing waits on a pipe.
struct ScriptRun {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    let status: Int32
    let output: String

    init(_ name: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid()).log").path
        let script = ScriptRun.packageRoot.appendingPathComponent("Scripts/\(name)").path
        let binary = ScriptRun.packageRoot.appendingPathComponent(".build/debug/probehound").path
        status = system("PROBEHOUND='\(binary)' bash '\(script)' </dev/null >'\(log)' 2>&1")
        output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: log)
    }

    /// The scripts end with PASS when every check held.
    var passed: Bool { status == 0 && output.contains("PASS") }
}
