/// The running score of one finding and the plain-words reason for every point, so an analyst sees
/// exactly what moved it (`reasons` in the finding).
struct ScoreCard {
    private(set) var kinds: [ProbeKind] = []
    private(set) var score = 0
    private(set) var reasons: [String] = []

    /// Adds `points` (may be negative or zero) with the reason; `kind` joins the finding's kinds.
    mutating func add(_ points: Int, _ reason: String, kind: ProbeKind? = nil) {
        if let kind, !kinds.contains(kind) { kinds.append(kind) }
        score += points
        reasons.append(points > 0 ? "\(reason) (+\(points))" : points < 0 ? "\(reason) (\(points))" : reason)
    }

    /// Lowers the score to `limit` with the reason (a cap that no further evidence lifts).
    mutating func cap(at limit: Int, _ reason: String) {
        guard score > limit else { return }
        reasons.append("\(reason) (\(limit - score))")
        score = limit
    }

    /// Clamps the score to 0...100, saying so when the cap cuts it. Called on the evidence's sum, so
    /// the baseline's adjustment moves a capped score too, and again on the result.
    mutating func clamp() {
        if score > 100 { reasons.append("score capped at 100 (sum \(score))") }
        score = min(100, max(0, score))
    }
}
