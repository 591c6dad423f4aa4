/// The link-layer header types (libpcap DLT values) the decoder understands.
public enum LinkType: Sendable, Equatable {
    case null           // DLT_NULL: 4-byte address family in the capturing host's byte order
    case ethernet       // DLT_EN10MB
    case raw            // DLT_RAW / LINKTYPE_RAW: the packet starts with the IP header
    case loop           // DLT_LOOP: like NULL but network byte order (OpenBSD)
    case linuxSLL       // DLT_LINUX_SLL
    case linuxSLL2      // DLT_LINUX_SLL2
    case pflog          // DLT_PFLOG
    case ipv4           // DLT_IPV4 (228)
    case ipv6           // DLT_IPV6 (229)
    case nflog          // DLT_NFLOG (239)
    case ppp            // DLT_PPP (9) and DLT_PPP_SERIAL (50): PPP, optionally in HDLC-like framing
    case ciscoHDLC      // DLT_C_HDLC (104)
    case ieee80211      // DLT_IEEE802_11 (105)
    case radiotap       // DLT_IEEE802_11_RADIO (127)
    case unsupported(Int32)

    /// Maps a DLT value as `pcap_datalink` reports it.
    public init(dlt: Int32) {
        switch dlt {
        case 0: self = .null
        case 1: self = .ethernet
        case 12, 14, 101: self = .raw
        case 108: self = .loop
        case 113: self = .linuxSLL
        case 117: self = .pflog
        case 228: self = .ipv4
        case 229: self = .ipv6
        case 239: self = .nflog
        case 276: self = .linuxSLL2
        case 9, 50: self = .ppp
        case 104: self = .ciscoHDLC
        case 105: self = .ieee80211
        case 127: self = .radiotap
        default: self = .unsupported(dlt)
        }
    }
}

extension LinkType {
    /// The LINKTYPE value a capture file stores for this link type (for files ProbeHound writes).
    public var dlt: Int32 {
        switch self {
        case .null: 0
        case .ethernet: 1
        case .raw: 101
        case .loop: 108
        case .linuxSLL: 113
        case .linuxSLL2: 276
        case .pflog: 117
        case .ipv4: 228
        case .ipv6: 229
        case .nflog: 239
        case .ppp: 9
        case .ciscoHDLC: 104
        case .ieee80211: 105
        case .radiotap: 127
        case .unsupported(let value): value
        }
    }
}
