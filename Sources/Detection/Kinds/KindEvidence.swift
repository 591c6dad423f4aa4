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
