import ProbeHoundCore

/// What comes next in a frame as the decoder peels its layers off, and where it starts.
enum NextLayer {
    /// The payload after an EtherType (Ethernet, SLL, Cisco HDLC, LLC/SNAP).
    case etherType(UInt16, at: Int)
    /// A whole Ethernet frame (VXLAN, Geneve, GRE transparent bridging, ERSPAN, MPLS pseudowire).
    case ethernet(at: Int)
    /// A PPP protocol field (PPPoE, DLT_PPP, PPTP).
    case ppp(at: Int)
    /// An MPLS label stack.
    case mpls(at: Int)
    /// An IP header; the version nibble decides.
    case ip(at: Int)
}
