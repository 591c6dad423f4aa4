import ProbeHoundCore

/// The process kind's observe step: host telemetry records (`Observation.process`). A process that
/// probed (`ProcessCommandClassifier`) or a non-browser resolving an IP-lookup service is kept on the
/// endpoint that is its host. Process records name hosts, not addresses, so the host's address comes
/// from the record itself (an outbound connection's source), from what earlier or later records of
/// the host said (`HostAddressBook`), or from `--host-address`; probes of a host whose address is not
/// known yet wait for it, and those still waiting at the end are counted and named in the summary.
/// Summary and score: `Kinds/ProcessEvidence.swift`.
extension ProbeDetector {
    mutating func observeProcess(_ observation: Observation, process: ProcessActivity, bytes: Span<UInt8>) {
        func text(_ range: ByteRange?) -> String? { process.text(range, in: bytes) }
        let host = text(process.host) ?? ""
        if process.action == .connected {
            // An outbound connection's source is the host's own address.
            if !host.isEmpty { learnAddress(observation.source, forHost: host) }
            return
        }
        let image = text(process.image)
        let classifier = ProcessCommandClassifier(config: config)
        let purpose: ProcessProbe.Purpose, target: String
        switch process.action {
        case .started:
            guard let (found, aim) = classifier.classify(image: image, commandLine: text(process.commandLine)) else { return }
            (purpose, target) = (found, aim)
        case .resolved:
            guard let name = text(observation.queryName), classifier.isIPLookup(name),
                  !ProbeDetector.browsers.contains(ProcessCommandClassifier.programName(image ?? "")) else { return }
            (purpose, target) = (.resolvedLookup, name.lowercased())
        case .connected:
            return
        }
        let probe = ProcessProbe(time: observation.timestamp, origin: observation.origin, host: host, image: image ?? "",
                                 commandLine: text(process.commandLine), user: text(process.user), parentImage: text(process.parentImage),
                                 processID: process.processID, purpose: purpose, target: target)
        if let address = hostAddresses.address(of: host) {
            recordProcessProbe(probe, at: address, observation)
        } else {
            hostAddresses.park(probe, forHost: host)
        }
    }

    /// Notes a host's address and moves the probes that waited for it onto its endpoint.
    private mutating func learnAddress(_ address: IPAddress, forHost host: String) {
        guard !address.isMulticastOrUnspecified, !ProbeDetector.notAHostAddress.contains(where: { $0.contains(address) }) else { return }
        for probe in hostAddresses.learn(address, forHost: host) {
            var observation = Observation()
            observation.timestamp = probe.time
            observation.origin = probe.origin
            recordProcessProbe(probe, at: address, observation)
        }
    }

    private mutating func recordProcessProbe(_ probe: ProcessProbe, at address: IPAddress, _ observation: Observation) {
        update(address, observation) { state in
            if state.processProbes.count < EndpointState.maximumProcessProbes { state.processProbes.append(probe) }
        }
    }

    /// Host telemetry records of probes whose host's address never became known, and those hosts.
    public var processProbesWithoutAddress: (count: Int, hosts: [String]) { hostAddresses.waiting }

    /// Loopback and link-local sources say nothing about where a host's traffic comes from.
    static let notAHostAddress = [IPNetwork("127.0.0.0/8")!, IPNetwork("::1/128")!, IPNetwork("169.254.0.0/16")!, IPNetwork("fe80::/10")!]

    /// Browsers resolve every name a page names; Sigma's rule leaves them out too.
    static let browsers: Set<String> = ["chrome", "firefox", "msedge", "msedgewebview2", "iexplore", "opera", "brave", "vivaldi",
                                        "safari", "maxthon", "seamonkey", "whale", "chromium"]
}

/// Host names and their addresses, learned from host telemetry or given by `--host-address`, and the
/// process probes waiting for a host's address. Names are compared by their first label, lower-cased
/// (`WORKSTATION6.mordor.local` and `workstation6` are one host), as Windows logs either. Bounded:
/// 65,536 names, 1,024 waiting hosts of 64 probes each (beyond that, waiting probes are counted only).
struct HostAddressBook {
    /// The inventory (`--host-address`, `host_addresses`): the user's word wins over what records say.
    private let given: [String: IPAddress]
    /// Addresses the telemetry itself showed; records are attacker-writable, so a flood of invented
    /// names clears this table when full rather than keeping real hosts out.
    private var addresses: [String: IPAddress] = [:]
    private var parked: [String: [ProcessProbe]] = [:]
    private var displayNames: [String: String] = [:]
    private var overflow = 0
    static let maximumNames = 65_536
    static let maximumWaitingHosts = 1_024
    static let maximumWaitingProbes = 64

    /// The inventory given; the empty name stands for records that name no host.
    init(_ given: [String: IPAddress]) {
        var keyed: [String: IPAddress] = [:]
        for (name, address) in given { keyed[HostAddressBook.key(name)] = address }
        self.given = keyed
    }

    static func key(_ host: String) -> String {
        String(host.prefix { $0 != "." }).lowercased()
    }

    /// The address of `host`; records naming no host (a raw audit.log) take the one given for the empty name.
    func address(of host: String) -> IPAddress? {
        let key = HostAddressBook.key(host)
        return given[key] ?? addresses[key]
    }

    /// Records the address and hands back the probes that waited for it. Within a family the latest
    /// wins (hosts change address); an IPv4 address is not replaced by an IPv6 one, so a dual-stack
    /// host's probes stay on one endpoint, the one its firewall logs name.
    mutating func learn(_ address: IPAddress, forHost host: String) -> [ProcessProbe] {
        let key = HostAddressBook.key(host)
        guard given[key] == nil else { return [] }
        if let known = addresses[key], known.isIPv6 != address.isIPv6, !known.isIPv6 { return [] }
        if addresses[key] == nil && addresses.count >= HostAddressBook.maximumNames { addresses.removeAll(keepingCapacity: true) }
        addresses[key] = address
        displayNames[key] = nil
        return parked.removeValue(forKey: key) ?? []
    }

    mutating func park(_ probe: ProcessProbe, forHost host: String) {
        let key = HostAddressBook.key(host)
        if parked[key] == nil && parked.count >= HostAddressBook.maximumWaitingHosts || (parked[key]?.count ?? 0) >= HostAddressBook.maximumWaitingProbes {
            overflow += 1
            return
        }
        parked[key, default: []].append(probe)
        if displayNames[key] == nil { displayNames[key] = host.isEmpty ? "(no host name)" : host }
    }

    var waiting: (count: Int, hosts: [String]) {
        (parked.values.reduce(overflow) { $0 + $1.count }, parked.keys.sorted().compactMap { displayNames[$0] })
    }
}
