/// One rule that moves a finding's score, with its points and the words the README's score table
/// uses for it. Each kind declares its own rules beside its judgement (`Kinds/`), the rules that look
/// across kinds live in `CrossKindRules` and `BaselineScoring`; `ScoreRule.all` gathers them in the
/// README's order and the table is generated from that list (`markdownTable`, checked by a test), so
/// the documentation cannot drift from the code.
///
/// The model ranks by how much the evidence says about intent: a person or a script checking its way
/// out (a ping program aimed at a public resolver, a traceroute, an IP lookup, a scripted fetch of a
/// check URL) above what operating systems and apps do on their own (captive-portal checks, latency
/// pings to their own servers), and connections after a probe count only beside such probes.
public struct ScoreRule: Sendable, Equatable {
    /// What the rule adds to a score (a cap's limit for a rule that caps).
    public let points: Int
    /// The README's words for the rule.
    public let evidence: String
    /// The rule lowers the score to `points` instead of adding them.
    public var caps = false

    /// Every rule in the README's order: each kind's in `ProbeKind` order, then the cross-kind ones.
    public static var all: [ScoreRule] {
        ProbeKind.allCases.flatMap(\.scoreRules) + CrossKindRules.scoreRules + BaselineScoring.scoreRules
    }

    /// The score table in Markdown, as the README shows it.
    public static var markdownTable: String {
        var lines = ["| evidence | points |", "| --- | --- |"]
        for rule in all {
            let points = rule.caps ? "at most \(rule.points)" : rule.points > 0 ? "+\(rule.points)" : "−\(-rule.points)"
            lines.append("| \(rule.evidence) | \(points) |")
        }
        return lines.joined(separator: "\n")
    }
}
