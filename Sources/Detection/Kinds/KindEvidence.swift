import ProbeHoundCore

/// What a probe kind's evidence file gets to judge one endpoint: the settings, the allowlist in
/// force, and the place to name what the allowlist left out. Each kind (`TracerouteEvidence`,
/// `EchoEvidence`, `HTTPGetEvidence`, `NameEvidence`) summarises its part of the endpoint's state,
/// scores it into the `ScoreCard` and says whether it is *meaningful* — what a person or a script
/// does to check its way out, beside which follow-ups and corroborating lookups count
/// (`CrossKindRules`). A new kind is one such file plus its case in `ProbeKind`.
struct KindContext {
    let config: DetectionConfig
    let allowlist: Allowlist
    var leftOut: [String] = []
}

/// One kind's judgement of one endpoint, as `FindingBuilder` loops over them: its score, whether
/// it is meaningful, where its listed probes were seen and the section the finding shows.
protocol KindJudgement {
    /// What a person or a script does to check its way out, beside which follow-ups and
    /// corroborating evidence count.
    var isMeaningful: Bool { get }
    /// The finding's section for this kind and where its probes were seen, nil when it lists
    /// nothing; `meaningful` says whether any kind's probe was (corroborating kinds list only then).
    func listing(meaningful: Bool) -> KindListing?
    /// Adds the kind's own points and reasons.
    func score(into card: inout ScoreCard)
    /// Adds what only counts beside another kind's meaningful probe (after every kind has scored).
    func scoreCorroboration(into card: inout ScoreCard, meaningful: Bool)
}

extension KindJudgement {
    func scoreCorroboration(into card: inout ScoreCard, meaningful: Bool) {}
}

/// What a kind lists in a finding: its section, and the frames or log lines of the probes in it.
struct KindListing {
    let section: KindSection
    let origins: [Origin]
}
