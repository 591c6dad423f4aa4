import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

// Exit status contract: 0 nothing found, 1 findings, 2 usage or input error or nothing analysable,
// 3 an output could not be written.
do {
    if let repeated = RepeatedOptions.first(in: Array(CommandLine.arguments.dropFirst())) {
        throw ValidationError("\(repeated) is given more than once (only --internal may be repeated)")
    }
    var command = try ProbeHound.parseAsRoot()
    try command.run()
    FileOutput.standardError.flush()
} catch let exit as ExitCode {
    FileOutput.standardError.flush()
    Glibc.exit(exit.rawValue)
} catch let error as OutputError {
    FileOutput.standardError.line("probehound: \(error)")
    FileOutput.standardError.flush()
    Glibc.exit(3)
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
