public import PacketDecoding
public import ProbeHoundCore

/// One opened capture file, read by the reader that suits it: ProbeHound's own in-place readers for
/// pcap and pcapng (plain, gzip, or standard input) when there is no filter, libpcap with a filter
/// and for its verdict on anything else. The analysis and the evidence extraction both open inputs
/// through this, so frame numbers agree between them.
public enum OfflineInput {
    case classic(ClassicPcapReader)
    case pcapng(PcapngReader)
    case libpcap(OfflineCapture)

    /// Opens `path` with the reader that suits it (see above); an error names the file and why.
    public static func open(_ path: String, filter: String?, tunnelPorts: TunnelPorts) throws(CaptureError) -> OfflineInput {
        if filter == nil, let own = try ownReader(path, tunnelPorts: tunnelPorts) { return own }
        return .libpcap(try OfflineCapture(path: path, filter: filter, tunnelPorts: tunnelPorts))
    }

    /// Our reader for `path` ("-": standard input; plain or gzip), opened once so standard input and
    /// gzip streams work; its first bytes decide the format. Nil when the file cannot be opened or is
    /// neither format, for libpcap to give its verdict; an error for standard input or decompressed
    /// data that is no capture, which libpcap could not read either.
    private static func ownReader(_ path: String, tunnelPorts: TunnelPorts) throws(CaptureError) -> OfflineInput? {
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

    /// The link type the chosen reader reports.
    public var linkType: LinkType {
        switch self {
        case .classic(let reader): reader.linkType
        case .pcapng(let reader): reader.linkType
        case .libpcap(let capture): capture.linkType
        }
    }

    /// Feeds every frame to `consumer`; returns why the input ended early or what bad record it held.
    public func run(input: Int32, consumer: any PacketConsumer) -> String? {
        switch self {
        case .classic(let reader): reader.run(input: input, consumer: consumer)
        case .pcapng(let reader): reader.run(input: input, consumer: consumer)
        case .libpcap(let capture): capture.run(input: input, consumer: consumer)
        }
    }
}
