import ProbeHoundCore

/// The name kind's observe steps: DNS questions (and answers, which tell resolvers), query names
/// from logs, TLS server names, and PTR lookups of traceroute hops. Summary and score:
/// `Kinds/NameEvidence.swift`.
extension ProbeDetector {
    mutating func observeDNS(_ observation: Observation, question: DNSQuestion, bytes: Span<UInt8>) {
        if question.isResponse {
            if observation.sourcePort == 53 && resolvers.count < 4096 { resolvers.insert(observation.source) }
            return
        }
        guard question.name(in: bytes, into: &nameBuffer) else { return }
        if question.queryType == 12 {
            recordReverseLookup(observation)
            return
        }
        observeProxyLookup(observation)
        guard config.knownHosts.match(nameBuffer) != nil, !isDuplicate(observation) else { return }
        recordKnownName(observation, via: .dns)
    }

    /// A PTR question (in `nameBuffer`) from an endpoint already probing: kept to match against its traceroute hops.
    private mutating func recordReverseLookup(_ observation: Observation) {
        guard let address = ReverseLookupName.address(nameBuffer) else { return }
        let probe = NameProbe(time: observation.timestamp, origin: observation.origin, name: String(decoding: nameBuffer, as: UTF8.self),
                              category: .tracerouteHopPTR, via: .dns, server: observation.destination)
        var kept = false
        table.update(observation.source, time: observation.timestamp, create: false) { state in
            guard state.reverseLookups.count < EndpointState.maximumNameProbes,
                  !state.reverseLookups.contains(where: { $0.address == address }) else { return }
            state.reverseLookups.append((address, probe))
            kept = true
        }
        if kept { lastEvidenceEndpoint = observation.source }
    }

    /// A query name written as text (DNS logs): like `observeDNS` for a query.
    mutating func observeQueryName(_ observation: Observation, name: ByteRange, bytes: Span<UInt8>) {
        copyLowercased(name, bytes)
        if ReverseLookupName.address(nameBuffer) != nil {
            recordReverseLookup(observation)
            return
        }
        observeProxyLookup(observation)
        recordKnownName(observation, via: .dns)
    }

    mutating func observeServerName(_ observation: Observation, name: ByteRange, bytes: Span<UInt8>) {
        copyLowercased(name, bytes)
        recordKnownName(observation, via: .tlsSNI)
    }

    private mutating func copyLowercased(_ name: ByteRange, _ bytes: Span<UInt8>) {
        nameBuffer.removeAll(keepingCapacity: true)
        for i in name.range where i >= 0 && i < bytes.count {
            let byte = bytes[i]
            nameBuffer.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
        }
        if nameBuffer.last == UInt8(ascii: ".") { nameBuffer.removeLast() }
    }

    /// Records the name in `nameBuffer` when it is a known host.
    private mutating func recordKnownName(_ observation: Observation, via: NameSource) {
        guard let entry = config.knownHosts.match(nameBuffer) else { return }
        let probe = NameProbe(time: observation.timestamp, origin: observation.origin, name: String(decoding: nameBuffer, as: UTF8.self),
                              category: entry.category, via: via, server: observation.destination)
        recordName(probe, observation)
    }

    private mutating func recordName(_ probe: NameProbe, _ observation: Observation) {
        update(observation.source, observation) { state in
            let seen = state.nameProbes.contains { $0.name == probe.name && $0.via == probe.via }
            if !seen && state.nameProbes.count < EndpointState.maximumNameProbes { state.nameProbes.append(probe) }
        }
    }
}
