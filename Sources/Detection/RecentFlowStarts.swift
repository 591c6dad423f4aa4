import ProbeHoundCore

/// Outbound TCP and UDP records that carry no TTL (Cisco ASA, Windows Firewall, Zeek conn.log,
/// PAN-OS, FortiGate), kept for a few seconds in a fixed ring.
///
/// In such a log a TCP or UDP traceroute's probes look like any connection, so they cost no
/// endpoint state when they pass; only a time-exceeded record that arrives soon after turns the
/// sender's recent records into candidate probes (`ProbeDetector.takeRecentStarts`). The ring holds
/// the last `capacity` records whatever their age: on a log busier than that per few seconds some
/// probes are gone before their answer arrives, and that traceroute keeps an unknown method.
struct RecentFlowStarts {
    struct Start {
        /// Position in the stream of records (increasing): what an endpoint has already taken.
        var sequence: UInt64
        var source: IPAddress
        var target: IPAddress
        var method: TracerouteMethod
        var probe: ProbeRecord
    }

    static let capacity = 4096
    private var ring: [Start] = []
    private var next = 0
    private(set) var lastSequence: UInt64 = 0

    init() {
        ring.reserveCapacity(RecentFlowStarts.capacity)
    }

    mutating func append(_ observation: Observation, method: TracerouteMethod) {
        lastSequence += 1
        let start = Start(sequence: lastSequence, source: observation.source, target: observation.destination, method: method,
                          probe: ProbeRecord(observation))
        if ring.count < RecentFlowStarts.capacity {
            ring.append(start)
        } else {
            ring[next] = start
            next = (next + 1) % RecentFlowStarts.capacity
        }
    }

    /// The records `source` sent after `sequence` and no earlier than `since`, oldest first.
    func starts(from source: IPAddress, after sequence: UInt64, since: Timestamp) -> [Start] {
        var found: [Start] = []
        for offset in 0..<ring.count {
            let start = ring[(next + offset) % ring.count]
            if start.sequence > sequence && start.source == source && start.probe.time >= since { found.append(start) }
        }
        return found
    }
}
