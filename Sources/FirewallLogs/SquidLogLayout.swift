import ProbeHoundCore

/// A site's own Squid `logformat` (the `squid_logformat` setting), compiled to the role of each
/// space-separated field: which holds the time, client, method, URL, upstream server, and the
/// request headers the format logs (User-Agent, Host, Referer, Cookie). Squid sites often log more
/// than the native format (client port, User-Agent, Host); with the layout their access.log reads
/// as precisely as the native one, and the headers it records are judged as headers.
///
/// Recognised codes: `%ts` (with `.%03tu`), `%tr`, `%>a`, `%>p`, `%Ss` (with `/%03>Hs`), `%rm`,
/// `%ru`/`%>ru`, `%Sh/%<a` or `%<a`, `%<p`, and `%{User-Agent}>h`, `%{Host}>h`, `%{Referer}>h`,
/// `%{Cookie}>h`, quoted or not; other fields are skipped. Time, client, method and URL are required.
public struct SquidLogLayout: Sendable, Equatable {
    enum Role: Sendable, Equatable {
        case time, elapsed, client, clientPort, result, method, url, server, serverPort
        case userAgent, host, referer, cookie
    }

    /// The role of each field, nil for fields the detector does not use.
    let roles: [Role?]

    /// Compiles a `logformat` line's format part; nil, with the reason, when a required code is missing.
    public static func compile(_ format: String) -> Result<SquidLogLayout, SquidLayoutError> {
        var roles: [Role?] = []
        for token in format.split(separator: " ", omittingEmptySubsequences: true) {
            roles.append(role(of: token.trimmingQuotes.withoutWidths))
        }
        for (required, code) in [(Role.time, "%ts"), (.client, "%>a"), (.method, "%rm"), (.url, "%ru")] where !roles.contains(required) {
            return .failure(SquidLayoutError(reason: "the format has no \(code) field"))
        }
        return .success(SquidLogLayout(roles: roles))
    }

    private static func role(of token: Substring) -> Role? {
        if token.contains("%ts") { return .time }
        if token.contains("%tr") { return .elapsed }
        if token.contains("%Ss") { return .result }
        if token.contains("%<a") { return .server }
        if token.contains("%>a") { return .client }
        if token.contains("%>p") { return .clientPort }
        if token.contains("%<p") { return .serverPort }
        if token.contains("%rm") { return .method }
        if token.contains("%ru") { return .url }
        switch token.lowercased() {
        case "%{user-agent}>h": return .userAgent
        case "%{host}>h": return .host
        case "%{referer}>h": return .referer
        case "%{cookie}>h": return .cookie
        default: return nil
        }
    }

    /// The field that has `role`, if the layout has one.
    func index(of role: Role) -> Int? { roles.firstIndex(of: role) }

    /// Whether the layout records any request header: then a missing one means none was sent.
    var recordsHeaders: Bool { roles.contains(.userAgent) }
}

/// Why a `squid_logformat` cannot be used.
public struct SquidLayoutError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is missing.
    public let reason: String
    /// The reason, for the message naming the setting.
    public var description: String { reason }
}

extension Substring {
    /// `%6tr` → `%tr`, `%03>Hs` → `%>Hs`: field widths and alignment say nothing about the role.
    fileprivate var withoutWidths: Substring {
        var out = ""
        var afterPercent = false
        for character in self {
            if afterPercent && (character.isNumber || character == "-" || character == ".") { continue }
            afterPercent = character == "%"
            out.append(character)
        }
        return Substring(out)
    }

    fileprivate var trimmingQuotes: Substring {
        var text = self
        if text.hasPrefix("\"") { text = text.dropFirst() }
        if text.hasSuffix("\"") { text = text.dropLast() }
        return text
    }
}
