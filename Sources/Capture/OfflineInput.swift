public import PacketDecoding
public import ProbeHoundCore

/// One opened capture file, read by the reader that suits it: our own in-place readers for pcap and
/// pcapng (plain, gzip, or standard input) when there is no filter, libpcap with a filter and for its
/// verdict on anything else. The analysis and the evidence extraction both open inputs through this,
/// so frame numbers agree between them.
public enum OfflineInput {
    case file(CaptureFileReader)
    case libpcap(OfflineCapture)

    public static func open(_ path: String, filter: String?, tunnelPorts: TunnelPorts) throws(CaptureError) -> OfflineInput {
        if filter == nil, let reader = try CaptureFileReader.open(path, tunnelPorts: tunnelPorts) {
            return .file(reader)
        }
        return .libpcap(try OfflineCapture(path: path, filter: filter, tunnelPorts: tunnelPorts))
    }

    public var linkType: LinkType {
        switch self {
        case .file(let reader): reader.linkType
        case .libpcap(let capture): capture.linkType
        }
    }

    /// Feeds every frame to `consumer`; returns why the input ended early, if it did.
    public func run(input: Int32, consumer: any PacketConsumer) -> String? {
        switch self {
        case .file(let reader): reader.run(input: input, consumer: consumer)
        case .libpcap(let capture): capture.run(input: input, consumer: consumer)
        }
    }
}
