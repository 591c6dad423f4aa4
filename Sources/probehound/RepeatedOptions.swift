/// ArgumentParser lets the last of a repeated single-valued option win silently; a repeated
/// `--format` or `--output` is more likely a mistake than a wish, so it is an error here.
enum RepeatedOptions {
    /// The options that take several values by being repeated.
    static let repeatable: Set<String> = ["--internal"]

    /// The first option given twice, if any (arguments after `--` are operands).
    static func first(in arguments: [String]) -> String? {
        var seen: Set<String> = []
        for argument in arguments {
            if argument == "--" { break }
            let isOption = argument.hasPrefix("--") || argument == "-i"
            guard isOption else { continue }
            let name = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            if !repeatable.contains(name) && !seen.insert(name).inserted { return name }
        }
        return nil
    }
}
