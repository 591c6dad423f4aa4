import ProbeHoundCore

/// The HTTP GET kind's observe step: a request `HTTPProbeClassifier` judges a reachability or
/// IP-lookup probe is kept. Summary and score: `Kinds/HTTPGetEvidence.swift`.
extension ProbeDetector {
    mutating func observeHTTP(_ observation: Observation, request: HTTPRequest, bytes: Span<UInt8>) {
        guard let probe = HTTPProbeClassifier(config: config).classify(observation, request: request, bytes: bytes,
                                                                       scratch: &nameBuffer) else { return }
        guard !isDuplicate(observation) else { return }
        update(observation.source, observation) { state in
            if state.httpProbes.count < EndpointState.maximumHTTPProbes { state.httpProbes.append(probe) }
        }
    }
}
