import ProbeHoundCore

/// Per-endpoint state with a hard bound: past `capacity` the least recently seen tenth is evicted in
/// one pass (amortised O(log n) per insert), and each eviction is counted. Evicted states wait in
/// `evictedStates` so the owner can still report those that had qualified.
struct EndpointTable {
    private(set) var states: [IPAddress: EndpointState] = [:]
    private(set) var evicted = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { states.count }

    func state(for endpoint: IPAddress) -> EndpointState? { states[endpoint] }

    /// Runs `body` on the endpoint's state, creating it when `create` is true.
    var evictedStates: [(IPAddress, EndpointState)] = []

    mutating func update(_ endpoint: IPAddress, time: Timestamp, create: Bool, _ body: (inout EndpointState) -> Void) {
        if states[endpoint] == nil {
            guard create else { return }
            if states.count >= capacity { evictOldest() }
            states[endpoint] = EndpointState(time: time)
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
        return removed
    }

    private mutating func evictOldest() {
        let toEvict = max(1, capacity / 10)
        let cutoff = states.values.map(\.lastSeen).sorted()[toEvict - 1]
        var removed = 0
        for (endpoint, state) in states where state.lastSeen <= cutoff && removed < toEvict {
            evictedStates.append((endpoint, state))
            states[endpoint] = nil
            removed += 1
        }
        evicted += removed
    }
}
