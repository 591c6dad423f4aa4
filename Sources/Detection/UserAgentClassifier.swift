/// Names the HTTP client behind a User-Agent, telling scripted tools from browsers and OS agents.
public enum UserAgentClassifier {
    /// Who sent a request, as far as its User-Agent says.
    public enum Client: Equatable, Sendable {
        /// A command-line tool or library: the `tool` name of the finding schema.
        case scripted(String)
        /// An OS connectivity agent (NCSI, CaptiveNetworkSupport, NetworkManager, Dalvik).
        case operatingSystem
        /// An OS service that fetches on its own: certificate revocation (OCSP/CRL), updates,
        /// package managers. Its header-less requests are housekeeping, not a person probing.
        case systemAgent
        case browser
        case other

        /// The finding schema's `tool`: the program's name, or `browser`, `os`, `system-agent`, `unknown`.
        public var tool: String {
            switch self {
            case .scripted(let name): name
            case .browser: "browser"
            case .operatingSystem: "os"
            case .systemAgent: "system-agent"
            case .other: "unknown"
            }
        }
    }

    /// `agent` is the header value lowercased.
    public static func classify(_ agent: [UInt8]) -> Client {
        let scripted: [(String, String)] = [
            ("curl/", "curl"), ("wget/", "wget"), ("windowspowershell/", "powershell"), ("powershell/", "powershell"),
            ("python-requests/", "python-requests"), ("python-urllib/", "python-urllib"), ("python-httpx/", "python-httpx"),
            ("aiohttp/", "python-aiohttp"), ("go-http-client/", "go-http-client"), ("certutil url agent", "certutil"),
            ("microsoft bits/", "bits"), ("libwww-perl/", "libwww-perl"), ("lwp::simple", "libwww-perl"),
            ("java/", "java"), ("okhttp/", "okhttp"), ("axios/", "axios"), ("node-fetch", "node-fetch"),
            ("httpie/", "httpie"), ("ruby", "ruby"), ("winhttp", "winhttp"), ("nim httpclient", "nim"),
        ]
        // Windows' WPAD service fetches the proxy auto-config with WinHTTP: the OS, not a WinHTTP app.
        if contains(agent, "winhttp-autoproxy-service") { return .operatingSystem }
        for (needle, name) in scripted where contains(agent, needle) { return .scripted(name) }
        for needle in ["microsoft ncsi", "captivenetworksupport", "networkmanager", "dalvik/"] where contains(agent, needle) {
            return .operatingSystem
        }
        for needle in ["microsoft-cryptoapi", "microsoft-delivery-optimization", "windows-update-agent", "microsoft-wns",
                       "ocspd/", "trustd", "debian apt-http", "apt-http/", "pacman/", "libdnf", "zypp", "smartscreen",
                       "softwareupdate", "com.apple.geod", "mobileasset"] where contains(agent, needle) {
            return .systemAgent
        }
        if contains(agent, "mozilla/") && (contains(agent, "gecko") || contains(agent, "applewebkit") || contains(agent, "trident")) {
            return .browser
        }
        return .other
    }

    private static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard haystack.count >= pattern.count else { return false }
        outer: for start in 0...(haystack.count - pattern.count) {
            for i in 0..<pattern.count where haystack[start + i] != pattern[i] { continue outer }
            return true
        }
        return false
    }
}
