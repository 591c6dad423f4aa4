import ProbeHoundCore

/// A config file error with its line number.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    /// 1-based line of the file.
    public let line: Int
    /// What is wrong there.
    public let message: String
    /// `line N: message`, as the command prints it.
    public var description: String { "line \(line): \(message)" }
}

/// Reads the `key = value` config file documented in the README (`#` starts a comment; lists are
/// comma-separated; `key += value` extends a list instead of replacing it).
public enum ConfigFile {
    /// Applies a file's settings over `config`; the first bad line is an error naming it (nothing is half-applied silently).
    public static func apply(_ text: String, to config: inout DetectionConfig) throws(ConfigError) {
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.prefix { $0 != "#" }.trimmed
            if line.isEmpty { continue }
            let number = index + 1
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigError(line: number, message: "expected 'key = value', got '\(line)'")
            }
            var key = line[..<equals].trimmed
            let append = key.hasSuffix("+")
            if append { key = key.dropLast().trimmed }
            let value = line[line.index(after: equals)...].trimmed
            try set(String(key), value: String(value), append: append, line: number, config: &config)
        }
    }

    private static func set(_ key: String, value: String, append: Bool, line: Int, config: inout DetectionConfig) throws(ConfigError) {
        func list() -> [String] { value.split(separator: ",").map { String($0.trimmed) }.filter { !$0.isEmpty } }
        func networks() throws(ConfigError) -> [IPNetwork] {
            var out: [IPNetwork] = []
            for item in list() {
                guard let network = IPNetwork(item) else { throw ConfigError(line: line, message: "'\(item)' is not a CIDR network") }
                out.append(network)
            }
            return out
        }
        func integer() throws(ConfigError) -> Int {
            guard let number = Int(value), number >= 0 else { throw ConfigError(line: line, message: "\(key) needs a whole number, got '\(value)'") }
            return number
        }
        func seconds() throws(ConfigError) -> Double {
            guard let number = Double(value), number >= 0 else { throw ConfigError(line: line, message: "\(key) needs seconds, got '\(value)'") }
            return number
        }
        func port() throws(ConfigError) -> UInt16 {
            guard let number = UInt16(value), number > 0 else { throw ConfigError(line: line, message: "\(key) needs a UDP port 1-65535, got '\(value)'") }
            return number
        }
        func ttl() throws(ConfigError) -> UInt8 {
            guard let number = UInt8(value), number > 0 else { throw ConfigError(line: line, message: "\(key) needs a TTL 1-255, got '\(value)'") }
            return number
        }
        switch key {
        case "internal_networks":
            config.internalNetworks = (append ? config.internalNetworks : []) + (try networks())
        case "allowlist_sources":
            config.allowlist.sources = (append ? config.allowlist.sources : []) + (try networks())
        case "allowlist_targets":
            config.allowlist.targets = (append ? config.allowlist.targets : []) + (try networks())
        case "allowlist_domains":
            config.allowlist.domains = (append ? config.allowlist.domains : []) + list().map { $0.lowercased() }
        case "allowlist_tools":
            config.allowlist.tools = (append ? config.allowlist.tools : []).union(list())
        case "echo_min_requests": config.echoMinimumRequests = try integer()
        case "echo_min_targets": config.echoMinimumTargets = try integer()
        case "echo_window": config.echoWindowSeconds = try seconds()
        case "traceroute_min_ttls": config.tracerouteMinimumTTLs = try integer()
        case "traceroute_max_start_ttl": config.tracerouteMaximumStartTTL = try ttl()
        case "traceroute_max_step": config.tracerouteMaximumStep = try ttl()
        case "traceroute_min_routers": config.tracerouteMinimumRouters = try integer()
        case "traceroute_min_port_sessions": config.tracerouteMinimumPortSessions = try integer()
        case "probe_max_ttl": config.probeMaximumTTL = try ttl()
        case "follow_up_window": config.followUpWindowSeconds = try seconds()
        case "duplicate_window": config.duplicateWindowSeconds = try seconds()
        case "max_endpoints": config.maximumEndpoints = max(1, try integer())
        case "vxlan_port": config.tunnelPorts.vxlan = try port()
        case "geneve_port": config.tunnelPorts.geneve = try port()
        case "teredo_port": config.tunnelPorts.teredo = try port()
        case "gtpu_port": config.tunnelPorts.gtpU = try port()
        case "l2tp_port": config.tunnelPorts.l2tp = try port()
        case "max_evidence": config.maximumEvidence = try integer()
        case "evidence_ring_packets": config.evidenceRingPackets = max(1, try integer())
        case "evidence_ring_bytes": config.evidenceRingBytes = max(1 << 16, try integer())
        case "squid_logformat": config.squidLogFormat = value.isEmpty ? nil : value
        case "host_addresses":
            // `NAME=IP, NAME=IP`: host telemetry's host names and their addresses (an empty NAME for
            // records naming no host), as `--host-address` gives them.
            if !append { config.hostAddresses = [:] }
            for item in list() {
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { String($0.trimmed) }
                guard parts.count == 2, let address = IPAddress(parts[1]) else {
                    throw ConfigError(line: line, message: "host_addresses needs NAME=IP items, got '\(item)'")
                }
                config.hostAddresses[parts[0]] = address
            }
        case "endpoint_idle_timeout": config.endpointIdleTimeoutSeconds = max(1, try integer())
        case "ip_lookup_hosts", "connectivity_check_hosts", "terse_check_hosts":
            let category: ProbeCategory = key == "ip_lookup_hosts" ? .ipLookup
                : key == "connectivity_check_hosts" ? .connectivityCheck : .terseCheck
            if !append { config.knownHosts.removeAll(category) }
            for host in list() { config.knownHosts.add(host, category) }
        case "check_paths":
            if !append { config.knownHosts.removeAllCheckPaths() }
            for path in list() { config.knownHosts.addCheckPath(path) }
        default:
            throw ConfigError(line: line, message: "unknown setting '\(key)'")
        }
    }
}

extension StringProtocol {
    fileprivate var trimmed: Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = text.lastIndex(where: { !$0.isWhitespace })!
        return text[first...last]
    }
}
