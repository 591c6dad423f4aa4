import ArgumentParser
import Detection
import ProbeHoundCore

/// Options every analysing command shares: config file, extra internal networks, output shape.
struct DetectionOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (key = value; see README) with thresholds, internal networks, known hosts.")
    var config: String?

    @Option(name: .customLong("internal"), help: "Add a CIDR block to the internal networks (repeatable).")
    var internalNetworks: [String] = []

    @Option(name: .long, help: "Output format: table or ndjson.")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Write the report here instead of standard output.")
    var output: String?

    @Option(name: .long, help: "What to print: findings, or observations (one JSON line per decoded packet).")
    var emit: Emit = .findings

    @Flag(name: .customLong("show-suppressed"), help: "Also list the findings the allowlist held back.")
    var showSuppressed = false

    @Flag(name: .shortAndLong, help: "Print input problems and counts on standard error.")
    var verbose = false

    func detectionConfig() throws -> DetectionConfig {
        var config = DetectionConfig()
        if let path = self.config {
            let text = try readTextFile(path)
            do {
                try ConfigFile.apply(text, to: &config)
            } catch {
                throw InputError("\(path): \(error)")
            }
        }
        for text in internalNetworks {
            guard let network = IPNetwork(text) else { throw ValidationError("--internal: '\(text)' is not a CIDR network") }
            config.internalNetworks.append(network)
        }
        return config
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, ndjson
}

enum Emit: String, ExpressibleByArgument, CaseIterable {
    case findings, observations
}
