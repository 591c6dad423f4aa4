import ProbeHoundCore

/// The echo kind's observe steps: requests to external hosts (and, at a low TTL, an ICMP
/// traceroute's probes), the replies that say a target answered, and flow records of ICMP without
/// a type. Summary and score: `Kinds/EchoEvidence.swift`.
extension ProbeDetector {
    mutating func observeEchoRequest(_ observation: Observation) {
        guard !config.isInternal(observation.destination), !isDuplicate(observation) else { return }
        let target = observation.destination
        let ttl = observation.ttl
        let maximumTTL = config.probeMaximumTTL
        let key = ProbeDetector.probeKey(icmpID: observation.icmpID, sequence: observation.icmpSequence)
        // A flow record that counts the target's replies (Zeek) answers itself.
        let answers = min(observation.answerCount, observation.packetCount)
        update(observation.source, observation) { state in
            if state.echoRequests.count < EndpointState.maximumEchoRequests {
                state.echoRequests.append(EchoRequestRecord(time: observation.timestamp, origin: observation.origin, count: observation.packetCount, target: target, ttl: ttl,
                                                            payload: observation.icmpPayload, span: observation.duration,
                                                            answeredByTarget: answers > 0 && answers == observation.packetCount))
            } else {
                state.echoRequestsDropped += 1
            }
            if answers > 0 { state.echoReplies[target, default: 0] += answers }
            if let ttl, ttl <= maximumTTL {
                ProbeDetector.addProbe(to: &state, target: target, method: .icmp, observation: observation, key: key)
            }
        }
    }

    /// A reply from the target back to the endpoint (its source is the target).
    mutating func observeEchoReply(_ observation: Observation) {
        let key = ProbeDetector.probeKey(icmpID: observation.icmpID, sequence: observation.icmpSequence)
        let target = observation.source
        guard !isDuplicate(observation) else { return }
        table.update(observation.destination, time: observation.timestamp, create: false) { state in
            state.echoReplies[target, default: 0] += observation.packetCount
            ProbeDetector.markDestination(in: &state, target: target, method: .icmp, key: key)
        }
    }

    /// Flow logs that record ICMP without its type (AWS VPC, Azure NSG): outbound, a possible echo
    /// request; inbound from a host the endpoint sent ICMP to, its answer. `EchoEvidence` counts the
    /// requests only where an answer came back, and says the type was inferred.
    mutating func observeUntypedICMPFlow(_ observation: Observation) {
        if !config.isInternal(observation.destination) && config.isInternal(observation.source) {
            guard !isDuplicate(observation) else { return }
            let target = observation.destination
            update(observation.source, observation) { state in
                guard state.echoRequests.count < EndpointState.maximumEchoRequests else { return }
                state.echoRequests.append(EchoRequestRecord(time: observation.timestamp, origin: observation.origin, count: observation.packetCount, target: target,
                                                            ttl: nil, payload: nil, inferred: true))
            }
        } else if config.isInternal(observation.destination) {
            let target = observation.source
            table.update(observation.destination, time: observation.timestamp, create: false) { state in
                guard state.echoRequests.contains(where: { $0.inferred && $0.target == target }) else { return }
                state.echoReplies[target, default: 0] += observation.packetCount
            }
        }
    }
}
