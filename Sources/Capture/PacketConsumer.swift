public import ProbeHoundCore
public import PacketDecoding

/// Receives each frame while libpcap's buffer is valid: the span must not be kept past the call.
public protocol PacketConsumer: AnyObject {
    func consume(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, decoder: PacketDecoder)
    /// A frame the BPF filter rejected; counted, not decoded.
    func filteredOut()
}
