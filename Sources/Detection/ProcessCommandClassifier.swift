import ProbeHoundCore

/// Reads a process's image and command line as host telemetry logs them and says whether it was an
/// Internet Connection Discovery probe, and at what: a ping or traceroute program aimed outside,
/// PowerShell's `Test-NetConnection`, a download tool fetching an IP-lookup or check service or a bare
/// external IP, a DNS tool asking an IP-discovery name. Programs are known by their file name
/// (`PING.EXE`, `/usr/bin/traceroute`), the command line by its tokens: Windows writes two spaces
/// after a program cmd.exe starts, and quotes paths with spaces.
///
/// A ping of the host itself or of an internal address is not a probe (`ping -n 3 127.0.0.1` is how
/// scripts sleep), nor is a download from an ordinary site or a look-up of an ordinary name.
struct ProcessCommandClassifier {
    let config: DetectionConfig

    /// What the command aimed at, nil when it is no probe.
    func classify(image: String?, commandLine: String?) -> (purpose: ProcessProbe.Purpose, target: String)? {
        let tokens = ProcessCommandClassifier.tokens(commandLine ?? "")
        let program = ProcessCommandClassifier.programName(image ?? tokens.first ?? "")
        let arguments = Array(tokens.dropFirst())
        if ProcessCommandClassifier.pingPrograms.contains(program) {
            return reachable(lastHost(arguments)).map { (.ping, $0) }
        }
        if ProcessCommandClassifier.traceroutePrograms.contains(program) {
            return reachable(lastHost(arguments)).map { (.traceroute, $0) }
        }
        if program == "powershell" || program == "pwsh" {
            // The script is often one quoted argument (`-c "Test-NetConnection ..."`): read its words.
            let arguments = ProcessCommandClassifier.tokens(String((commandLine ?? "").filter { $0 != "\"" && $0 != "'" })).dropFirst().map { $0 }
            let lowered = arguments.map { $0.lowercased() }
            if let verb = lowered.firstIndex(where: { $0 == "test-netconnection" || $0 == "tnc" || $0 == "test-connection" }) {
                let named = lowered.firstIndex { $0 == "-computername" || $0 == "-cn" || $0 == "-targetname" }
                let target = named.flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
                    ?? arguments[(verb + 1)...].first { !$0.hasPrefix("-") }
                return reachable(target.map(ProcessCommandClassifier.unquoted)).map { (.connectionTest, $0) }
            }
            return lookupService(in: arguments).map { (.webRequest, $0) }
        }
        if ProcessCommandClassifier.downloadPrograms.contains(program) {
            return lookupService(in: arguments).map { (.webRequest, $0) }
        }
        if ProcessCommandClassifier.dnsPrograms.contains(program) {
            let name = arguments.first { !$0.hasPrefix("-") && !$0.hasPrefix("/") && !$0.hasPrefix("@") && $0.contains(".") }
            guard let name, isIPLookup(name) else { return nil }
            return (.nameLookup, name.lowercased())
        }
        return nil
    }

    /// A target outside: an external address, or a dotted name that is not a local one.
    private func reachable(_ target: String?) -> String? {
        guard let target, !target.isEmpty else { return nil }
        if let address = IPAddress(target) { return config.isInternal(address) ? nil : target }
        let name = target.lowercased()
        guard name.contains("."), !name.hasSuffix(".local"), !name.hasSuffix(".lan"), !name.hasSuffix(".internal"),
              !name.hasSuffix(".localdomain"), !name.hasSuffix(".home.arpa"), name != "localhost" else { return nil }
        return name
    }

    /// The first URL (or, for curl and wget, bare host) whose host is an IP-lookup or check service
    /// or a bare external address.
    private func lookupService(in arguments: [String]) -> String? {
        for argument in arguments where !argument.hasPrefix("-") {
            let text = ProcessCommandClassifier.unquoted(argument)
            let isURL = HTTPProbeClassifier.afterScheme(text) != nil
            guard isURL || text.contains(".") else { continue }
            let name = ProcessCommandClassifier.host(of: text)
            if let address = IPAddress(name) {
                // A bare address counts only as a URL (`http://203.0.113.7/ip`), not as any dotted argument.
                if !config.isInternal(address) && isURL { return text }
                continue
            }
            if isIPLookup(name) || config.knownHosts.match(Array(name.utf8))?.category == .connectivityCheck { return text }
        }
        return nil
    }

    func isIPLookup(_ name: String) -> Bool {
        var bytes = Array(name.lowercased().utf8)
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        return config.knownHosts.match(bytes)?.category == .ipLookup
    }

    /// The last argument that reads as an address or a host name (ping's target follows its options).
    private func lastHost(_ arguments: [String]) -> String? {
        arguments.last { argument in
            let text = ProcessCommandClassifier.unquoted(argument)
            guard !text.hasPrefix("-"), !text.hasPrefix("/") || text.count == 1 else { return false }
            return IPAddress(text) != nil || text.contains(".") && text.contains { $0.isLetter }
        }.map(ProcessCommandClassifier.unquoted)
    }

    static let pingPrograms: Set<String> = ["ping", "ping6", "fping", "hping3", "nping", "tcping", "psping"]
    static let traceroutePrograms: Set<String> = ["tracert", "traceroute", "traceroute6", "tracepath", "tracepath6", "mtr", "pathping",
                                                 "tcptraceroute", "lft", "paris-traceroute", "dublin-traceroute"]
    static let downloadPrograms: Set<String> = ["curl", "wget", "wget2", "certutil", "bitsadmin", "http", "aria2c", "fetch"]
    static let dnsPrograms: Set<String> = ["nslookup", "dig", "host", "drill", "kdig", "resolve-dnsname"]

    /// `C:\Windows\System32\PING.EXE` → `PING.EXE`: the file name as logged.
    static func fileName(_ path: String) -> String {
        unquoted(path).split { $0 == "\\" || $0 == "/" }.last.map(String.init) ?? ""
    }

    /// `C:\Windows\System32\PING.EXE` → `ping`; `/usr/bin/traceroute6` → `traceroute6`.
    static func programName(_ path: String) -> String {
        let lowered = fileName(path).lowercased()
        return lowered.hasSuffix(".exe") ? String(lowered.dropLast(4)) : lowered
    }

    /// Whitespace-separated tokens, a double-quoted stretch kept in one token (quotes kept).
    static func tokens(_ commandLine: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        for character in commandLine {
            if character == "\"" { quoted.toggle() }
            if character.isWhitespace && !quoted {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// A URL's or a bare `host[:port]/path` argument's host, lower-cased, without port.
    static func host(of target: String) -> String {
        let rest = HTTPProbeClassifier.afterScheme(target) ?? Substring(target)
        return HTTPProbeClassifier.hostWithoutPort(String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }).lowercased())
    }

    static func unquoted(_ token: String) -> String {
        token.filter { $0 != "\"" && $0 != "'" }
    }
}
