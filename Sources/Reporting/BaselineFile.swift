public import Detection
import ProbeHoundCore

/// The baseline file (`baseline learn --out`): versioned JSON, one object per internal endpoint,
/// documented in the README. Times are RFC 3339 UTC like the findings'.
public enum BaselineFile {
    /// The `format` field a baseline file must carry.
    public static let formatName = "probehound-baseline"

    /// The baseline as one JSON document, endpoints in address order (diffable between runs).
    public static func encode(_ baseline: Baseline) -> String {
        var json = JSONWriter()
        json.field("format", formatName)
        json.field("version", Baseline.formatVersion)
        json.field("inputs", strings: baseline.inputs)
        json.field("first_seen", baseline.firstSeen?.iso8601)
        json.field("last_seen", baseline.lastSeen?.iso8601)
        let endpoints = baseline.profiles.sorted { $0.key < $1.key }.map { endpoint, profile in
            var e = JSONWriter()
            e.field("endpoint", endpoint.description)
            e.field("outbound_packets", profile.outboundPackets)
            e.field("outbound_connections", profile.outboundConnections)
            e.field("destinations", profile.destinations)
            e.field("ports", raw: JSONWriter.array(profile.ports.map(String.init)))
            e.field("probe_kinds", strings: profile.probeKinds.map(\.rawValue))
            e.field("first_seen", profile.firstSeen.iso8601)
            e.field("last_seen", profile.lastSeen.iso8601)
            return e.object
        }
        json.field("endpoints", raw: "[\n" + endpoints.joined(separator: ",\n") + "\n]")
        return json.object + "\n"
    }

    /// Reads a file `encode` wrote; anything else (another format or version, a bad field) is an error naming it.
    public static func decode(_ text: String) throws(BaselineFileError) -> Baseline {
        let root: JSONValue
        do {
            root = try JSONReader.parse(text)
        } catch {
            throw BaselineFileError("not JSON: \(error)")
        }
        guard root["format"]?.string == formatName else { throw BaselineFileError("not a ProbeHound baseline (no \"format\": \"\(formatName)\")") }
        guard let version = root["version"]?.int, version == Baseline.formatVersion else {
            throw BaselineFileError("baseline version \(root["version"]?.int.map(String.init) ?? "?") is not the supported \(Baseline.formatVersion)")
        }
        var baseline = Baseline()
        baseline.inputs = root["inputs"]?.array?.compactMap(\.string) ?? []
        baseline.firstSeen = root["first_seen"]?.string.flatMap(Timestamp.init(iso8601:))
        baseline.lastSeen = root["last_seen"]?.string.flatMap(Timestamp.init(iso8601:))
        for (index, item) in (root["endpoints"]?.array ?? []).enumerated() {
            guard let text = item["endpoint"]?.string, let endpoint = IPAddress(text) else {
                throw BaselineFileError("endpoints[\(index)]: no valid \"endpoint\" address")
            }
            guard let first = item["first_seen"]?.string.flatMap(Timestamp.init(iso8601:)),
                  let last = item["last_seen"]?.string.flatMap(Timestamp.init(iso8601:)) else {
                throw BaselineFileError("endpoints[\(index)] (\(text)): first_seen/last_seen must be RFC 3339 UTC times")
            }
            var profile = EndpointProfile(firstSeen: first, lastSeen: last)
            profile.outboundPackets = item["outbound_packets"]?.int ?? 0
            profile.outboundConnections = item["outbound_connections"]?.int ?? 0
            profile.destinations = item["destinations"]?.int ?? 0
            profile.ports = (item["ports"]?.array ?? []).compactMap { $0.int.flatMap(UInt16.init(exactly:)) }
            profile.probeKinds = (item["probe_kinds"]?.array ?? []).compactMap { $0.string.flatMap(ProbeKind.init(rawValue:)) }
            baseline.profiles[endpoint] = profile
        }
        return baseline
    }
}

/// Why a baseline file was refused.
public struct BaselineFileError: Error, CustomStringConvertible, Sendable {
    /// The reason, for the command's message.
    public let description: String
    init(_ description: String) { self.description = description }
}
