public import ProbeHoundCore
public import PacketDecoding

/// ProbeHound's own readers behind one door: the input is opened once (so standard input and gzip
/// streams work), its first bytes decide between classic pcap and pcapng.
public enum CaptureFileReader {
    case classic(ClassicPcapReader)
    case pcapng(PcapngReader)

    /// The reader for `path` ("-": standard input; plain or gzip). Nil when the file cannot be
    /// opened or is neither format, for libpcap to give its verdict; an error for standard input or
    /// decompressed data that is no capture, which libpcap could not read either.
    public static func open(_ path: String, tunnelPorts: TunnelPorts) throws(CaptureError) -> CaptureFileReader? {
        guard let file = RecordFile(path: path) else { return nil }
        guard file.readAhead(4) else {
            if path == "-" || file.isCompressed { throw CaptureError(input: path, message: "empty input") }
            return nil
        }
        if let reader = ClassicPcapReader(file: file) {
            reader.tunnelPorts = tunnelPorts
            return .classic(reader)
        }
        if let reader = PcapngReader(file: file) {
            reader.tunnelPorts = tunnelPorts
            return .pcapng(reader)
        }
        if path == "-" { throw CaptureError(input: path, message: "standard input is not a pcap or pcapng capture") }
        if file.isCompressed { throw CaptureError(input: path, message: "the decompressed data is not a pcap or pcapng capture") }
        return nil
    }

    public var linkType: LinkType {
        switch self {
        case .classic(let reader): reader.linkType
        case .pcapng(let reader): reader.linkType
        }
    }

    /// Delivers every packet; returns an error text when the input ends early or holds a bad record.
    public func run(input: Int32, consumer: any PacketConsumer) -> String? {
        switch self {
        case .classic(let reader): reader.run(input: input, consumer: consumer)
        case .pcapng(let reader): reader.run(input: input, consumer: consumer)
        }
    }
}
