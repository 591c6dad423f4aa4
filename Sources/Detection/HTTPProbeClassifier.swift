import ProbeHoundCore

/// Decides whether an HTTP request is a reachability or IP-lookup probe (DESIGN.md "Bare HTTP GET").
///
/// A probe is a GET (or HEAD) that is bare (no Cookie, Referer or Accept-Language) or sent by a
/// scripted client, to a known check/lookup host, to a known check path on any host, or to a bare
/// external IP with a short extension-less path. Absolute-form targets and CONNECT reveal a proxy.
struct HTTPProbeClassifier {
    let config: DetectionConfig

    func classify(_ observation: Observation, request: HTTPRequest, bytes: Span<UInt8>, scratch: inout [UInt8]) -> HTTPProbe? {
        // Logs that record a URL but no method (URL filters) leave the method empty: nearly all are GETs.
        let method = request.method.count == 0 ? "GET" : request.method.string(in: bytes)
        guard method == "GET" || method == "HEAD" || method == "CONNECT" else { return nil }
        var target = request.target.string(in: bytes)
        if target.isEmpty { target = "/" }
        var viaProxy = method == "CONNECT"
        var hostText = request.host?.string(in: bytes) ?? ""
        var path = target
        if let rest = HTTPProbeClassifier.afterScheme(target) {
            // absolute-form: only proxies receive these.
            viaProxy = true
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            hostText = String(rest[..<slash])
            path = slash == rest.endIndex ? "/" : String(rest[slash...])
        } else if method == "CONNECT" {
            hostText = target
            path = ""
        }
        let host = HTTPProbeClassifier.hostWithoutPort(hostText.lowercased())
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: host.utf8)
        let known = config.knownHosts.match(scratch)
        let pathOnly = String(path.prefix { $0 != "?" && $0 != "#" })
        let checkPath = config.knownHosts.isCheckPath(Array(pathOnly.utf8))
        let agent = request.userAgent?.string(in: bytes)
        let client = agent.map { UserAgentClassifier.classify(Array($0.lowercased().utf8)) }
        let scripted: Bool = if case .scripted = client { true } else { agent == nil }
        let bare = !request.hasCookie && !request.hasReferer && !request.hasAcceptLanguage
        let literal = IPAddress(host)
        let externalDestination = !config.isInternal(observation.destination)

        let category: String
        if let known, known.category != .terseCheck {
            guard bare || scripted else { return nil }
            category = known.category.rawValue
        } else if checkPath {
            guard bare || scripted else { return nil }
            category = KnownHosts.Category.connectivityCheck.rawValue
        } else if let known {
            guard pathOnly == "/" && (scripted || request.headerCount <= 3) else { return nil }
            category = known.category.rawValue
        } else if let literal, !config.isInternal(literal), externalDestination || viaProxy,
                  (bare || scripted), HTTPProbeClassifier.isShortPlainPath(pathOnly) {
            category = "bare-ip"
        } else {
            return nil
        }
        if !viaProxy && !externalDestination && known == nil { return nil }

        let tool: String = switch client {
        case .scripted(let name): name
        case .browser: "browser"
        case .operatingSystem: "os"
        case .other, .none: "unknown"
        }
        let operatingSystemLike = category == KnownHosts.Category.connectivityCheck.rawValue
            && (client == .operatingSystem || client == .browser)
        return HTTPProbe(time: observation.timestamp, destination: observation.destination,
                         destinationPort: observation.destinationPort, method: method,
                         host: host, path: path, userAgent: agent, viaProxy: viaProxy, tool: tool,
                         category: category, looksLikeOperatingSystem: operatingSystemLike)
    }

    /// The part after `scheme://` of an absolute-form target, or nil for origin-form.
    static func afterScheme(_ target: String) -> Substring? {
        guard let colon = target.firstIndex(of: ":") else { return nil }
        let rest = target[colon...]
        guard rest.hasPrefix("://"), target[..<colon].allSatisfy({ $0.isLetter }) else { return nil }
        return rest.dropFirst(3)
    }

    static func hostWithoutPort(_ host: String) -> String {
        var host = host
        if host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("[") {
            let end = host.firstIndex(of: "]") ?? host.endIndex
            return String(host[host.index(after: host.startIndex)..<end])
        }
        if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            return String(host[..<colon])
        }
        return host
    }

    /// "/", "/ip", "/json", "/v1/check": short, and no file extension in the last segment.
    static func isShortPlainPath(_ path: String) -> Bool {
        guard path.count <= 32 else { return false }
        let last = path.split(separator: "/").last ?? ""
        return !last.contains(".")
    }
}
