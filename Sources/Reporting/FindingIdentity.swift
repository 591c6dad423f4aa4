public import Detection
import ProbeHoundCore

/// A finding's stable id: the same endpoint's finding keeps it as it grows in live mode and across
/// runs over the same input, so a SIEM updates one alert in place instead of piling up copies.
/// FNV-1a (64 bit) over the endpoint, the time of its first probe-like packet (`firstProbeTime`,
/// which does not move as the finding grows) and the inputs (files, or the interface a sensor
/// listens on), as 16 hex digits.
public enum FindingIdentity {
    /// A stable id for a finding: the same endpoint, first probe-like packet and inputs give the same id as the finding grows and across runs, so a SIEM can deduplicate.
    public static func id(_ finding: Finding, inputNames: [String]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(finding.endpoint)|\(finding.firstProbeTime.iso8601)|\(inputNames.joined(separator: "\u{1F}"))".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
