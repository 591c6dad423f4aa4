import ProbeHoundCore

/// Everything remembered about one probing endpoint. Created only for hosts that send something
/// probe-like, so ordinary traffic costs no state.
///
/// Most endpoints of a busy network (or of a spoofed flood) send one ping and nothing else, so the
/// table entry holds only what every endpoint has; traceroutes, replies, HTTP and DNS probes and
/// follow-ups live in an `EndpointDetails` box made on first use. The properties below read and
/// modify it in place, so callers never see the split.
struct EndpointState {
    static let maximumEchoRequests = 4096
    static let maximumSeries = 256
    static let maximumHTTPProbes = 64
    static let maximumNameProbes = 64
    static let maximumFollowUps = 16
    static let maximumProxyProbes = 16
    static let maximumProcessProbes = 64
    static let maximumTunnels = 4

    var firstSeen: Timestamp
    /// Time of the latest probe evidence.
    var lastSeen: Timestamp
    var echoRequests: [EchoRequestRecord] = []
    /// Probe-like packets or records seen from it (the table's probation ends at the second).
    var evidenceCount = 0
    private var box: EndpointDetails?

    init(time: Timestamp) {
        firstSeen = time
        lastSeen = time
    }

    mutating func touch(_ time: Timestamp) {
        if time < firstSeen { firstSeen = time }
        if time > lastSeen { lastSeen = time }
        evidenceCount += 1
    }

    private mutating func details() -> EndpointDetails {
        if let box { return box }
        let made = EndpointDetails()
        box = made
        return made
    }

    var echoRequestsDropped: Int {
        get { box?.echoRequestsDropped ?? 0 }
        _modify { let details = details(); yield &details.echoRequestsDropped }
    }

    var echoReplies: [IPAddress: Int] {
        get { box?.echoReplies ?? [:] }
        _modify { let details = details(); yield &details.echoReplies }
    }

    var series: [SeriesKey: ProbeSeries] {
        get { box?.series ?? [:] }
        _modify { let details = details(); yield &details.series }
    }

    var httpProbes: [HTTPProbe] {
        get { box?.httpProbes ?? [] }
        _modify { let details = details(); yield &details.httpProbes }
    }

    var proxyProbes: [ProxyProbe] {
        get { box?.proxyProbes ?? [] }
        _modify { let details = details(); yield &details.proxyProbes }
    }

    var processProbes: [ProcessProbe] {
        get { box?.processProbes ?? [] }
        _modify { let details = details(); yield &details.processProbes }
    }

    var nameProbes: [NameProbe] {
        get { box?.nameProbes ?? [] }
        _modify { let details = details(); yield &details.nameProbes }
    }

    var followUps: [FollowUp] {
        get { box?.followUps ?? [] }
        _modify { let details = details(); yield &details.followUps }
    }

    /// The encapsulations the endpoint's probes arrived in (the first few).
    var tunnels: [Tunnel] {
        get { box?.tunnels ?? [] }
        _modify { let details = details(); yield &details.tunnels }
    }

    /// TCP and UDP records of a log without TTLs, sent shortly before a time-exceeded record reached
    /// the endpoint: the probes `TimeExceededMatching` may tie that record to.
    var unquotedCandidates: [SeriesKey: [ProbeRecord]] {
        get { box?.unquotedCandidates ?? [:] }
        _modify { let details = details(); yield &details.unquotedCandidates }
    }

    /// The last `RecentFlowStarts` record already taken into `unquotedCandidates`.
    var recentStartsTaken: UInt64 {
        get { box?.recentStartsTaken ?? 0 }
        _modify { let details = details(); yield &details.recentStartsTaken }
    }

    /// PTR questions asked while probing, by the address they ask about.
    var reverseLookups: [(address: IPAddress, probe: NameProbe)] {
        get { box?.reverseLookups ?? [] }
        _modify { let details = details(); yield &details.reverseLookups }
    }
}

/// The part of an endpoint's state that only some endpoints need. A class so the table entry
/// carries one pointer for all of it; each box belongs to exactly one `EndpointState`.
final class EndpointDetails {
    var echoRequestsDropped = 0
    var echoReplies: [IPAddress: Int] = [:]
    var series: [SeriesKey: ProbeSeries] = [:]
    var httpProbes: [HTTPProbe] = []
    var proxyProbes: [ProxyProbe] = []
    var processProbes: [ProcessProbe] = []
    var nameProbes: [NameProbe] = []
    var followUps: [FollowUp] = []
    var reverseLookups: [(address: IPAddress, probe: NameProbe)] = []
    var unquotedCandidates: [SeriesKey: [ProbeRecord]] = [:]
    var recentStartsTaken: UInt64 = 0
    var tunnels: [Tunnel] = []
}

struct SeriesKey: Hashable {
    var target: IPAddress
    var method: TracerouteMethod
}
