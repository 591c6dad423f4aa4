import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

// Exit status contract (DESIGN.md): 0 nothing found, 1 findings, 2 usage or input error.
do {
    var command = try ProbeHound.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Glibc.exit(exit.rawValue)
} catch {
    let code = ProbeHound.exitCode(for: error)
    if code == .success {
        print(ProbeHound.fullMessage(for: error))
        Glibc.exit(0)
    }
    FileOutput.standardError.line(ProbeHound.fullMessage(for: error))
    FileOutput.standardError.flush()
    Glibc.exit(2)
}
