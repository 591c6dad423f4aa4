/// What a host's own telemetry (Sysmon, Windows Security auditing) says a process did: started with
/// a command line, asked DNS for a name, or opened a connection. It answers the question packets
/// cannot: which program on the host probed. Text fields are ranges into the log line.
public struct ProcessActivity: Sendable, Hashable {
    /// What the record reports.
    public enum Action: UInt8, Sendable {
        /// A process was created (Sysmon 1, Security 4688): its image and command line.
        case started
        /// A process asked DNS for a name (Sysmon 22): the name is the observation's `queryName`.
        case resolved
        /// A process opened a connection (Sysmon 3, Security 5156): the observation's addresses and ports.
        case connected
    }

    /// What the record reports.
    public var action: Action
    /// The host the record comes from (`Computer`, `Hostname`): process records name hosts, and the
    /// detector maps names to addresses.
    public var host: ByteRange?
    /// The program's path (`Image`, `NewProcessName`, `Application`).
    public var image: ByteRange?
    /// The command line as the host logged it (absent when auditing leaves it out).
    public var commandLine: ByteRange?
    /// The account it ran as.
    public var user: ByteRange?
    /// The program that started it.
    public var parentImage: ByteRange?
    /// The process id (Security's hex ids already read as numbers).
    public var processID: Int?
    /// The ranges hold JSON string escapes (`\\`, `\"`, `\u0041`) still to be read.
    public var isJSONEscaped: Bool

    /// One of the record's fields as text, its escapes read; nil when absent, empty or `-` (how
    /// Windows writes "none").
    public func text(_ field: ByteRange?, in bytes: Span<UInt8>) -> String? {
        guard let field, field.count > 0 else { return nil }
        let value = isJSONEscaped ? field.unescapedJSONString(in: bytes) : field.string(in: bytes)
        return value == "-" || value.isEmpty ? nil : value
    }

    /// A record of `action`, every other field absent.
    public init(action: Action, isJSONEscaped: Bool) {
        self.action = action
        self.isJSONEscaped = isJSONEscaped
    }
}
