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
    /// How the ranges' text is written in the record.
    public var encoding: FieldEncoding

    /// How a telemetry record writes its text fields.
    public enum FieldEncoding: Sendable, Hashable {
        /// As the text itself.
        case plain
        /// JSON string contents, escapes (`\\`, `\"`, `\u0041`) still to be read.
        case json
        /// auditd values: `"quoted"` or, for text holding spaces, quotes or controls, hex; a range
        /// of `a0=... a1=...` pairs (an EXECVE record's arguments) reads as the command line.
        case audit
    }

    /// One of the record's fields as text, its escapes read; nil when absent, empty or `-` (how
    /// Windows writes "none").
    public func text(_ field: ByteRange?, in bytes: Span<UInt8>) -> String? {
        guard let field, field.count > 0 else { return nil }
        let value = switch encoding {
        case .plain: field.string(in: bytes)
        case .json: field.unescapedJSONString(in: bytes)
        case .audit: AuditText.decode(field, in: bytes)
        }
        return value == "-" || value.isEmpty ? nil : value
    }

    /// A record of `action`, every other field absent.
    public init(action: Action, encoding: FieldEncoding) {
        self.action = action
        self.encoding = encoding
    }
}
