import ProbeHoundCore

/// Everything remembered about one probing endpoint. Created only for hosts that send something
/// probe-like, so ordinary traffic costs no state.
struct EndpointState {
    static let maximumEchoRequests = 4096
    static let maximumSeries = 256
    static let maximumHTTPProbes = 64
    static let maximumNameProbes = 64
    static let maximumFollowUps = 16

    var firstSeen: Timestamp
    /// Time of the latest probe evidence.
    var lastSeen: Timestamp
    var echoRequests: [EchoRequestRecord] = []
    var echoRequestsDropped = 0
    var echoReplies: [IPAddress: Int] = [:]
    var series: [SeriesKey: ProbeSeries] = [:]
    var httpProbes: [HTTPProbe] = []
    var nameProbes: [NameProbe] = []
    var followUps: [FollowUp] = []
    /// PTR questions asked while probing, by the address they ask about.
    var reverseLookups: [(address: IPAddress, probe: NameProbe)] = []
    var evidence: [Origin] = []
    var evidenceCount = 0

    init(time: Timestamp) {
        firstSeen = time
        lastSeen = time
    }

    mutating func touch(_ time: Timestamp, origin: Origin, maximumEvidence: Int) {
        if time < firstSeen { firstSeen = time }
        if time > lastSeen { lastSeen = time }
        evidenceCount += 1
        if evidence.count < maximumEvidence { evidence.append(origin) }
    }
}

struct SeriesKey: Hashable {
    var target: IPAddress
    var method: TracerouteMethod
}
