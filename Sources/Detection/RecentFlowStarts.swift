import ProbeHoundCore

/// Outbound TCP and UDP records that carry no TTL (Cisco ASA, Windows Firewall, Zeek conn.log,
/// PAN-OS, FortiGate), kept for a few seconds in a fixed ring.
///
/// In such a log a TCP or UDP traceroute's probes look like any connection, so they cost no
/// endpoint state when they pass; only a time-exceeded record that arrives soon after turns the
/// sender's recent records into candidate probes (`ProbeDetector.takeRecentStarts`). The ring holds
/// the last `capacity` records whatever their age: on a log busier than that per few seconds some
/// probes are gone before their answer arrives, and that traceroute keeps an unknown method.
///
/// Each record links to the previous one from the same source, so a lookup walks only that
/// source's records: a log of time-exceeded records for many endpoints costs each one its own
/// records, never a scan of the ring.
struct RecentFlowStarts {
    struct Start {
        /// Position in the stream of records (increasing): what an endpoint has already taken.
        var sequence: UInt64
        var source: IPAddress
        var target: IPAddress
        var method: TracerouteMethod
        var probe: ProbeRecord
        /// Ring slot of the previous record from the same source, -1 for none.
        var previous: Int
    }

    static let capacity = 4096
    private var ring: [Start] = []
    private var next = 0
    private(set) var lastSequence: UInt64 = 0
    /// Slot of each source's newest record still in the ring.
    private var newest: [IPAddress: Int] = [:]

    init() {
        ring.reserveCapacity(RecentFlowStarts.capacity)
    }

    mutating func append(_ observation: Observation, method: TracerouteMethod) {
        lastSequence += 1
        let slot = ring.count < RecentFlowStarts.capacity ? ring.count : next
        if slot < ring.count, newest[ring[slot].source] == slot { newest[ring[slot].source] = nil }
        let start = Start(sequence: lastSequence, source: observation.source, target: observation.destination, method: method,
                          probe: ProbeRecord(observation), previous: newest[observation.source] ?? -1)
        if slot == ring.count { ring.append(start) } else { ring[slot] = start }
        newest[observation.source] = slot
        next = (slot + 1) % RecentFlowStarts.capacity
    }

    /// The records `source` sent after `sequence` and no earlier than `since`, oldest first.
    func starts(from source: IPAddress, after sequence: UInt64, since: Timestamp) -> [Start] {
        var found: [Start] = []
        var slot = newest[source] ?? -1
        var newer = UInt64.max
        // Follow the chain while it stays in this source's records, newest to oldest; a slot
        // overwritten since it was linked holds a newer record and ends the walk.
        while slot >= 0 {
            let start = ring[slot]
            guard start.source == source, start.sequence < newer, start.sequence > sequence else { break }
            if start.probe.time >= since { found.append(start) }
            newer = start.sequence
            slot = start.previous
        }
        return found.reversed()
    }
}
