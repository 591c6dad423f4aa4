import ProbeHoundCore

/// OpenBSD/FreeBSD pf log header (DLT_PFLOG): header length, address family and pf's action,
/// so a pf log capture tells which probes the firewall passed or blocked.
struct PFLOGHeader {
    let payload: LinkPayload

    init(parsing packet: Span<UInt8>, at offset: Int) throws(DecodeError) {
        let headerLength = Int(try packet.byte(at: offset))
        let family = try packet.byte(at: offset + 1)
        let action = try packet.byte(at: offset + 2)
        // The header length excludes the alignment padding pf adds to a 4-byte boundary.
        guard headerLength >= 45 else { throw .malformed }
        let start = offset + ((headerLength + 3) & ~3)
        guard start <= packet.count else { throw .truncated }
        let etherType: UInt16 = switch family {
        case 2: LinkPayload.ipv4
        case 10, 24, 28, 30: LinkPayload.ipv6
        default: throw DecodeError.notIP
        }
        // pf actions: 0 PF_PASS, 1 PF_DROP, 2 PF_SCRUB ... 8 PF_MATCH; only pass and drop are verdicts.
        let verdict: FirewallAction? = action == 0 ? .allow : action == 1 ? .deny : nil
        payload = LinkPayload(etherType: etherType, offset: start, action: verdict)
    }
}
