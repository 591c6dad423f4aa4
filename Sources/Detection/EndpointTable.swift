import ProbeHoundCore

/// Per-endpoint state with a hard bound that a flood of spoofed one-packet sources cannot use to push
/// out a real prober.
///
/// Endpoints start in a *probation* segment and move to the *protected* one when a second piece of
/// their own probe evidence arrives. While there is room every new endpoint is admitted. Once the
/// table is full, a new endpoint is admitted only on its second sighting (a Bloom-filter doorkeeper
/// remembers the first, TinyLFU's rule that a newcomer must be more frequent than the victim it
/// replaces), and it replaces the most recently admitted probation endpoint: what was there first
/// keeps its place, so a prober whose first ping came before the flood is still tracked when its
/// second arrives. Only when probation is empty are protected endpoints evicted, the least recently
/// seen tenth in one pass. Evicted states wait in `evictedStates` so the owner can still report
/// those that had qualified; every eviction and refusal is counted by segment.
struct EndpointTable {
    private(set) var states: [IPAddress: EndpointState] = [:]
    private(set) var evictedFromProbation = 0
    private(set) var evictedFromProtected = 0
    /// First sightings refused while the table was full (the doorkeeper remembers them).
    private(set) var notAdmitted = 0
    let capacity: Int
    /// Probation endpoints in admission order; entries since promoted or removed are skipped lazily.
    private var probationOrder: [IPAddress] = []
    private var doorkeeper = RotatingBloomFilter(bitsPerFilter: 1 << 24, generationSize: 1_000_000)

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { states.count }
    var evicted: Int { evictedFromProbation + evictedFromProtected }

    func state(for endpoint: IPAddress) -> EndpointState? { states[endpoint] }

    /// States removed by eviction or idle expiry, for the owner to retire.
    var evictedStates: [(IPAddress, EndpointState)] = []

    /// Runs `body` on the endpoint's state, creating it when `create` is true and the endpoint is
    /// admitted (see the type's comment).
    mutating func update(_ endpoint: IPAddress, time: Timestamp, create: Bool, _ body: (inout EndpointState) -> Void) {
        if states[endpoint] == nil {
            guard create else { return }
            if states.count >= capacity {
                guard doorkeeper.insert(ConnectionHistory.mix(endpoint, endpoint)) else {
                    notAdmitted += 1
                    return
                }
                makeRoom()
            }
            states[endpoint] = EndpointState(time: time)
            probationOrder.append(endpoint)
            if probationOrder.count > capacity + capacity / 2 { compactProbation() }
        }
        body(&states[endpoint]!)
    }

    /// Drops endpoints not seen since `cutoff` (live mode's idle expiry); they wait in `evictedStates` too.
    mutating func removeIdle(before cutoff: Timestamp) -> Int {
        var removed = 0
        for (endpoint, state) in states where state.lastSeen < cutoff {
            evictedStates.append((endpoint, state))
            states[endpoint] = nil
            removed += 1
        }
        if removed > 0 { compactProbation() }
        return removed
    }

    private static func isOnProbation(_ state: EndpointState) -> Bool { state.evidenceCount <= 1 }

    /// Frees one place: the newest probation endpoint, else the least recently seen protected tenth.
    private mutating func makeRoom() {
        while let candidate = probationOrder.popLast() {
            guard let state = states[candidate], EndpointTable.isOnProbation(state) else { continue }
            evictedStates.append((candidate, state))
            states[candidate] = nil
            evictedFromProbation += 1
            return
        }
        let toEvict = max(1, capacity / 10)
        let cutoff = states.values.map(\.lastSeen).sorted()[min(toEvict, states.count) - 1]
        var removed = 0
        for (endpoint, state) in states where state.lastSeen <= cutoff && removed < toEvict {
            evictedStates.append((endpoint, state))
            states[endpoint] = nil
            removed += 1
        }
        evictedFromProtected += removed
    }

    private mutating func compactProbation() {
        probationOrder.removeAll { endpoint in states[endpoint].map { !EndpointTable.isOnProbation($0) } ?? true }
    }
}
