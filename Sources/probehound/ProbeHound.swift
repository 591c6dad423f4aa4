import ArgumentParser
import ProbeHoundCore

/// `probehound`: find hosts that checked whether, and by which path, they can reach the Internet.
struct ProbeHound: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probehound",
        abstract: "Detect Internet Connection Discovery (MITRE ATT&CK T1016.001) in captures and logs.",
        discussion: """
        Exit status: 0 when nothing was found, 1 when there are findings, 2 on usage or input errors
        and when nothing in the input could be analysed (a wrong --log-format, an unsupported link
        type: never reported as clean), 3 when the report or another output could not be written
        (full disk, closed pipe).
        """,
        version: "\(ProductVersion.current) (commit \(BuildCommit.hash))",
        subcommands: [ReadCommand.self, LiveCommand.self, LogsCommand.self, BaselineCommand.self, InterfacesCommand.self]
    )

}
