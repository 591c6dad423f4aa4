import ProbeHoundCore

/// Decides whether an HTTP request is a reachability or IP-lookup probe (DESIGN.md "Bare HTTP GET").
///
/// A probe is a GET (or HEAD) that is bare (no Cookie, Referer or Accept-Language) or sent by a
/// scripted client, to a known lookup host, to a check host on its check path, to a known check path
/// on any host, or — by a scripted client or none — to a bare external IP with a short extension-less
/// path and no query. OS system agents (certificate revocation, updates) count only at check hosts,
/// as OS-style checks. Absolute-form targets and CONNECT reveal a proxy. Where the source records no
/// headers (Squid's native log), a missing agent proves nothing: no bare-IP probe is inferred, and a
/// check host's request counts as an OS-style check.
struct HTTPProbeClassifier {
    let config: DetectionConfig

    func classify(_ observation: Observation, request: HTTPRequest, bytes: Span<UInt8>, scratch: inout [UInt8]) -> HTTPProbe? {
        // Most requests (browsers, downloads) are none of these: rule them out on the bytes, allocation-free.
        guard mayBeProbe(request, bytes: bytes, scratch: &scratch) else { return nil }
        // Logs that record a URL but no method (URL filters) leave the method empty: nearly all are GETs.
        // Some logs write methods in title case (Forcepoint's `Get`, `Connect`).
        let method = request.method.count == 0 ? "GET" : request.method.string(in: bytes).uppercased()
        guard method == "GET" || method == "HEAD" || method == "CONNECT" else { return nil }
        var target = request.target.string(in: bytes)
        if target.isEmpty { target = "/" }
        if let query = request.query, query.count > 1 { target += query.string(in: bytes) }
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
        // A missing agent is a scripted client's mark only where the source records the headers.
        let scripted: Bool = if case .scripted = client { true } else { agent == nil && request.headersRecorded }
        let bare = !request.hasCookie && !request.hasReferer && !request.hasAcceptLanguage
        let literal = IPAddress(host)
        let externalDestination = !config.isInternal(observation.destination)

        let systemAgent = client == .systemAgent
        let category: ProbeCategory
        if let known, known.category == .connectivityCheck {
            // A check host answers checks on its check paths; anything else there (revocation lists,
            // redirects, app data) is not a check.
            guard bare || scripted || systemAgent, checkPath || pathOnly == "/" else { return nil }
            category = known.category
        } else if let known, known.category != .terseCheck {
            guard bare || scripted || systemAgent else { return nil }
            category = known.category
        } else if checkPath {
            guard bare || scripted || systemAgent else { return nil }
            category = .connectivityCheck
        } else if let known {
            guard !systemAgent, pathOnly == "/" && (scripted || request.headerCount <= 3) else { return nil }
            category = known.category
        } else if let literal, !config.isInternal(literal), externalDestination || viaProxy, scripted,
                  pathOnly.count == path.count, HTTPProbeClassifier.isShortPlainPath(pathOnly) {
            // A bare-IP probe: a scripted client or none at all, a short path, no query. Apps and CDNs
            // fetching by IP send their own agent and ranges or query strings.
            category = .bareIP
        } else {
            return nil
        }
        if !viaProxy && !externalDestination && known == nil { return nil }

        let tool = client?.tool ?? "unknown"
        // Without headers a check host's request is most likely the OS's own check: low, like one.
        let operatingSystemLike = category == .connectivityCheck
            && (client == .operatingSystem || client == .browser || systemAgent || !request.headersRecorded && client == nil)
        return HTTPProbe(time: observation.timestamp, origin: observation.origin, destination: observation.destination,
                         destinationPort: observation.destinationPort, method: method,
                         host: host, path: path, userAgent: agent, headersRecorded: request.headersRecorded, viaProxy: viaProxy, tool: tool,
                         category: category, looksLikeOperatingSystem: operatingSystemLike)
    }

    /// True unless the request's host is unknown, its path is no check path and its host is no IP
    /// literal; reads the bytes in place (the host goes through `scratch`, reused across packets).
    private func mayBeProbe(_ request: HTTPRequest, bytes: Span<UInt8>, scratch: inout [UInt8]) -> Bool {
        let method = request.method.range, target = request.target.range
        guard method.lowerBound >= 0, method.upperBound <= bytes.count, target.lowerBound >= 0, target.upperBound <= bytes.count else {
            return false
        }
        guard method.isEmpty || bytes.equalsIgnoringCase("get", method) || bytes.equalsIgnoringCase("head", method)
                || bytes.equalsIgnoringCase("connect", method) else { return false }
        // The host: inside an absolute-form target or a CONNECT authority, else the Host header.
        var host = request.host?.range ?? 0..<0
        var path = target
        if let scheme = HTTPProbeClassifier.index(of: "://", in: bytes, target) {
            let hostStart = scheme + 3
            var hostEnd = hostStart
            while hostEnd < target.upperBound && bytes[hostEnd] != 47 { hostEnd += 1 }
            host = hostStart..<hostEnd
            path = hostEnd..<target.upperBound
        } else if bytes.equalsIgnoringCase("connect", method) {
            host = target
            path = target.upperBound..<target.upperBound
        }
        guard host.lowerBound >= 0, host.upperBound <= bytes.count else { return false }
        // Drop a port (`name:80`, `[v6]:80`) the way `hostWithoutPort` does for the kept text.
        var colons = 0
        for i in host where bytes[i] == 58 { colons += 1 }
        if !host.isEmpty && bytes[host.lowerBound] == 91 {
            var close = host.lowerBound
            while close < host.upperBound && bytes[close] != 93 { close += 1 }
            host = host.lowerBound + 1..<close
        } else if colons == 1 {
            var colon = host.lowerBound
            while bytes[colon] != 58 { colon += 1 }
            host = host.lowerBound..<colon
        }
        scratch.removeAll(keepingCapacity: true)
        var looksLikeLiteral = !host.isEmpty
        for i in host {
            var byte = bytes[i]
            if byte >= 65 && byte <= 90 { byte += 32 }
            looksLikeLiteral = looksLikeLiteral && ((byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102) || byte == 46 || byte == 58)
            scratch.append(byte)
        }
        if scratch.last == 46 { scratch.removeLast() }
        if looksLikeLiteral || config.knownHosts.match(scratch) != nil { return true }
        var pathEnd = path.lowerBound
        while pathEnd < path.upperBound && bytes[pathEnd] != 63 && bytes[pathEnd] != 35 { pathEnd += 1 }
        return config.knownHosts.isCheckPath(bytes, path.lowerBound..<pathEnd)
    }

    private static func index(of text: String, in bytes: Span<UInt8>, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i + text.utf8.count <= range.upperBound {
            if bytes.hasPrefix(text, at: i) { return i }
            i += 1
        }
        return nil
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
