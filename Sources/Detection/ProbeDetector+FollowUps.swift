import ProbeHoundCore

/// Connections opened after probing. Every connection start (a TCP SYN, or a flow record from a log)
/// goes into `ConnectionHistory`; one from an endpoint that probed within the follow-up window is kept
/// when its destination is new to that endpoint or its port is unusual.
extension ProbeDetector {
    /// Ports whose connections to an already-known host are routine.
    static let ordinaryPorts: Set<UInt16> = [80, 443, 53, 123, 22, 25, 110, 143, 465, 587, 993, 995, 8080]

    mutating func observeConnectionStart(_ observation: Observation, transport: String) {
        let source = observation.source, destination = observation.destination
        guard !config.isInternal(destination), config.isInternal(source) else { return }
        let seenBefore = history.insert(source: source, destination: destination)
        let port = observation.destinationPort
        let unusualPort = port.map { !ProbeDetector.ordinaryPorts.contains($0) } ?? false
        let novel = !seenBefore || unusualPort
        let window = config.followUpWindowSeconds
        let time = observation.timestamp
        var kept = false
        table.update(source, time: time, create: false) { state in
            let sinceProbe = time.interval(since: state.lastSeen)
            guard sinceProbe >= 0, sinceProbe <= window else { return }
            if let index = state.followUps.firstIndex(where: { $0.destination == destination && $0.destinationPort == port }) {
                state.followUps[index].attempts += observation.packetCount
                kept = true
                return
            }
            guard novel, state.followUps.count < EndpointState.maximumFollowUps else { return }
            state.followUps.append(FollowUp(time: time, destination: destination, destinationPort: port, transport: transport,
                                            novelty: seenBefore ? .unusualPort : .firstContact,
                                            secondsAfterProbe: sinceProbe, attempts: observation.packetCount))
            kept = true
        }
        if kept { lastEvidenceEndpoint = source }
        if kept && tracksChanges { changed.insert(source) }
    }
}
