import ArgumentParser
import Detection
import Reporting
import ProbeHoundCore

/// Where the detection settings come from: the config file and extra internal networks.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (key = value; see README) with thresholds, internal networks, allowlists, known hosts.")
    var config: String?

    @Option(name: .customLong("internal"), help: "Add a CIDR block to the internal networks (repeatable).")
    var internalNetworks: [String] = []

    @Option(name: .customLong("host-address"), help: "NAME=IP: the address of a host that host telemetry (Sysmon, Security 4688, auditd) names but never shows an address for; =IP alone for records that name no host (repeatable; names compare by their first label, case-insensitively).")
    var hostAddresses: [String] = []

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
        for text in hostAddresses {
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let address = IPAddress(parts[1]) else {
                throw ValidationError("--host-address: '\(TerminalText.escape(text))' is not NAME=IP")
            }
            config.hostAddresses[parts[0]] = address
        }
        return config
    }
}

/// Options every analysing command shares: settings, baseline, output shape.
struct DetectionOptions: ParsableArguments {
    @OptionGroup var settings: ConfigOptions

    @Option(name: .long, help: "Baseline file from 'probehound baseline learn': raises endpoints with no outbound history, lowers routine ones.")
    var baseline: String?

    @Option(name: .long, help: "Output format: table, ndjson (DESIGN.md schema), ecs (Elastic Common Schema), csv, or html (a self-contained report).")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Also send each finding as RFC 5424 syslog to udp://HOST:PORT or tcp://HOST:PORT.")
    var syslog: String?

    @Option(name: .customLong("syslog-max-size"), help: "Largest syslog message in octets (at least \(SyslogMessage.minimumMaximumSize)); a finding that does not fit is sent as a compact headline, never split.")
    var syslogMaximumSize: Int = SyslogMessage.defaultMaximumSize

    @Option(name: .long, help: "Write the report here instead of standard output (replaced only when the run completes; never one of the inputs).")
    var output: String?

    @Option(name: .long, help: "What to print: findings, or observations (one JSON line per decoded packet).")
    var emit: Emit = .findings

    @Flag(name: .customLong("show-suppressed"), help: "Also list the findings the allowlist held back.")
    var showSuppressed = false

    @Flag(name: .customLong("no-progress"), help: "No progress line on standard error (it is shown only when that is a terminal).")
    var noProgress = false

    @Flag(name: .shortAndLong, help: "Print input problems and counts on standard error.")
    var verbose = false

    func validate() throws {
        guard syslogMaximumSize >= SyslogMessage.minimumMaximumSize else {
            throw ValidationError("--syslog-max-size must be at least \(SyslogMessage.minimumMaximumSize) octets (RFC 5424 §6.1)")
        }
    }

    func detectionConfig() throws -> DetectionConfig {
        var config = try settings.detectionConfig()
        if let path = baseline {
            do {
                config.baseline = try BaselineFile.decode(try readTextFile(path))
            } catch let error as BaselineFileError {
                throw InputError("\(path): \(error)")
            }
        }
        return config
    }
}

extension OutputFormat: ExpressibleByArgument {}

enum Emit: String, ExpressibleByArgument, CaseIterable {
    case findings, observations
}
