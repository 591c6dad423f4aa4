import Foundation
import Testing

/// `--emit observations` must agree with `tshark -T fields` on addresses, protocol, TTL, ICMP
/// type/code/id/seq and ports for every frame of the sample captures.
let tsharkPath: String? = ["/usr/bin/tshark", "/usr/local/bin/tshark"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite(.enabled(if: tsharkPath != nil, "tshark is not installed"))
struct TsharkAgreementTests {

    static let fields = ["frame.number", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "ip.proto", "ip.ttl", "ipv6.hlim",
                         "icmp.type", "icmp.code", "icmp.ident", "icmp.seq", "icmpv6.type", "icmpv6.code",
                         "icmpv6.echo.identifier", "icmpv6.echo.sequence_number", "udp.srcport", "udp.dstport",
                         "tcp.srcport", "tcp.dstport"]

    static func tsharkRows(_ path: String) throws -> [Int: [String: String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tsharkPath!)
        process.arguments = ["-n", "-r", path, "-T", "fields", "-E", "occurrence=f", "-E", "separator=\t"] + fields.flatMap { ["-e", $0] }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var rows: [Int: [String: String]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let values = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (name, value) in zip(fields, values) where !value.isEmpty { row[name] = value }
            rows[Int(row["frame.number"]!)!] = row
        }
        return rows
    }

    @Test(arguments: ["a_compromised_linux.pcap", "b_benign_noise.pcap", "c_ipv6.pcap", "d_windows_like.pcap",
                      "e_mixed.pcapng", "nflog_e_mixed.pcap"])
    func observationsMatchTshark(_ capture: String) throws {
        let run = CaptureRun(capture, keepObservations: true)
        let rows = try Self.tsharkRows(CaptureRun.capturesDirectory + "/" + capture)
        #expect(run.observations.count == rows.values.filter { $0["ip.src"] != nil || $0["ipv6.src"] != nil }.count)
        var compared = 0
        for observation in run.observations {
            let frame = (observation["origin"] as! [String: Any])["frame"] as! Int
            let row = try #require(rows[frame])
            func check(_ ours: Any?, _ theirs: String?, _ what: String) {
                let mine = ours.flatMap { $0 is NSNull ? nil : "\($0)" }
                // tshark prints some identifiers in hex.
                let theirs = theirs.map { $0.hasPrefix("0x") ? String(Int($0.dropFirst(2), radix: 16)!) : $0 }
                #expect(mine == theirs, "frame \(frame) \(what): ours \(mine ?? "null"), tshark \(theirs ?? "null")")
            }
            let v6 = row["ipv6.src"] != nil && row["ip.src"] == nil
            check(observation["src"], v6 ? row["ipv6.src"] : row["ip.src"], "src")
            check(observation["dst"], v6 ? row["ipv6.dst"] : row["ip.dst"], "dst")
            check(observation["ttl"], v6 ? row["ipv6.hlim"] : row["ip.ttl"], "ttl")
            // tshark's field names for each protocol: type, code, echo id, echo seq, echo types; or ports.
            let icmpFields: [String: (String, String, String, String, Set<Int>)] = [
                "icmp": ("icmp.type", "icmp.code", "icmp.ident", "icmp.seq", [0, 8]),
                "icmp6": ("icmpv6.type", "icmpv6.code", "icmpv6.echo.identifier", "icmpv6.echo.sequence_number", [128, 129]),
            ]
            let proto = observation["proto"] as! String
            if let (type, code, id, seq, echoTypes) = icmpFields[proto] {
                check(observation["icmp_type"], row[type], type)
                check(observation["icmp_code"], row[code], code)
                if let value = observation["icmp_type"] as? Int, echoTypes.contains(value) {
                    check(observation["icmp_id"], row[id], id)
                    check(observation["icmp_seq"], row[seq], seq)
                }
            } else if proto == "udp" || proto == "tcp" {
                check(observation["sport"], row["\(proto).srcport"], "\(proto) sport")
                check(observation["dport"], row["\(proto).dstport"], "\(proto) dport")
            } else if !v6 {
                check(observation["proto"], row["ip.proto"], "ip proto")
            }
            compared += 1
        }
        #expect(compared > 0)
    }
}
