import ProbeHoundCore

/// The proxy-discovery kind's observe steps: a host looking for the proxy its network offers (a WPAD
/// name asked of DNS, a proxy auto-config file fetched) or trying requests in proxy form (CONNECT or
/// an absolute-form target) towards a proxy it picked. Summary and score: `Kinds/ProxyEvidence.swift`.
///
/// Both tests read the bytes in place; state and text are made only for the rare request that passes.
extension ProbeDetector {
    /// A DNS question (its name lower-cased in `nameBuffer`) whose first label is `wpad`.
    mutating func observeProxyLookup(_ observation: Observation) {
        let name = nameBuffer
        guard name.count >= 4, name[0] == UInt8(ascii: "w"), name[1] == UInt8(ascii: "p"), name[2] == UInt8(ascii: "a"),
              name[3] == UInt8(ascii: "d"), name.count == 4 || name[4] == UInt8(ascii: ".") else { return }
        guard !isDuplicate(observation) else { return }
        let probe = ProxyProbe(time: observation.timestamp, origin: observation.origin, action: .wpadLookup,
                               server: observation.destination, port: observation.destinationPort,
                               detail: String(decoding: name, as: UTF8.self), tool: "dns")
        recordProxyProbe(probe, observation)
    }

    /// An HTTP request for a proxy auto-config file (`wpad.dat`, `*.pac`), or, on the wire, one in
    /// proxy form (a proxy log's records are all requests a proxy received, so they say nothing).
    mutating func observeProxyRequest(_ observation: Observation, request: HTTPRequest, bytes: Span<UInt8>) {
        let method = request.method.range, target = request.target.range
        guard method.lowerBound >= 0, method.upperBound <= bytes.count, target.lowerBound >= 0, target.upperBound <= bytes.count,
              !target.isEmpty else { return }
        let isConnect = bytes.equalsIgnoringCase("connect", method)
        let absolute = bytes.firstIndex(of: "://", in: target) != nil
        let fetchesAutoConfig = ProxyProbe.namesAutoConfig(bytes, target)
        guard fetchesAutoConfig || (isConnect || absolute) && !recordsAreFlows else { return }
        guard !isDuplicate(observation) else { return }
        let agent = request.userAgent?.string(in: bytes)
        let tool = agent.map { UserAgentClassifier.classify(Array($0.lowercased().utf8)).tool } ?? (request.headersRecorded ? "none" : "not logged")
        let host = request.host.map { $0.string(in: bytes) }
        let targetText = request.target.string(in: bytes)
        let detail = isConnect || absolute || host == nil ? targetText : "http://\(host ?? "")\(targetText)"
        let probe = ProxyProbe(time: observation.timestamp, origin: observation.origin,
                               action: fetchesAutoConfig ? .autoConfigFetch : .proxyRequest, server: observation.destination,
                               port: observation.destinationPort, detail: request.method.string(in: bytes) + " " + detail, tool: tool)
        recordProxyProbe(probe, observation)
    }

    /// Keeps the first probe of each proxy (requests) or name and URL (look-ups, fetches), counting repeats.
    private mutating func recordProxyProbe(_ probe: ProxyProbe, _ observation: Observation) {
        update(observation.source, observation) { state in
            if let index = state.proxyProbes.firstIndex(where: { $0.sameAs(probe) }) {
                state.proxyProbes[index].count += 1
            } else if state.proxyProbes.count < EndpointState.maximumProxyProbes {
                state.proxyProbes.append(probe)
            }
        }
    }
}
