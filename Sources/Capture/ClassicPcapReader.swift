import ProbeHoundCore
import PacketDecoding

/// Reads classic pcap files (micro- or nanosecond, either byte order, plain or gzip) into one reused
/// buffer and hands each record to the consumer in place: libpcap's own stdio path costs about as
/// much as all of ProbeHound's decoding. BPF filters stay with libpcap (`OfflineCapture`).
public final class ClassicPcapReader {
    /// The file header's link type: how every frame is decoded.
    public let linkType: LinkType
    /// UDP ports of the tunnels its decoder follows.
    public var tunnelPorts = TunnelPorts()
    private let file: RecordFile
    private let swapped: Bool
    private let nanosecond: Bool
    private let snapshotLength: Int

    /// Opens `path` when it is a classic pcap file (plain or gzip); nil for anything else.
    public convenience init?(path: String) {
        guard let file = RecordFile(path: path), file.readAhead(4) else { return nil }
        self.init(file: file)
    }

    /// Takes a file whose first 4 bytes are read ahead, when they are a classic pcap magic.
    init?(file: RecordFile) {
        guard file.readAhead.count >= 4, file.readAhead.count >= 24 || file.readAhead(24 - file.readAhead.count) else { return nil }
        let header = Array(file.readAhead.prefix(24))
        let bytes = header.span
        switch bytes.word(at: 0, swapped: false) {
        case 0xa1b2c3d4: swapped = false; nanosecond = false
        case 0xa1b23c4d: swapped = false; nanosecond = true
        case 0xd4c3b2a1: swapped = true; nanosecond = false
        case 0x4d3cb2a1: swapped = true; nanosecond = true
        default: return nil
        }
        snapshotLength = Int(bytes.word(at: 16, swapped: swapped))
        // The low 16 bits are the link type; the rest hold FCS flags (LINKTYPE_ + FCS length).
        linkType = LinkType(dlt: ClassicPcapReader.dlt(fromLinktype: Int32(bytes.word(at: 20, swapped: swapped) & 0xFFFF)))
        file.discardReadAhead(24)
        self.file = file
    }

    /// Pcap files store LINKTYPE_ values; where they differ from DLT_ values, map them.
    static func dlt(fromLinktype linktype: Int32) -> Int32 {
        switch linktype {
        case 101: 12   // LINKTYPE_RAW → DLT_RAW
        default: linktype
        }
    }

    /// A record's time. A corrupt fraction of a second (a million microseconds or more) carries into
    /// the seconds instead of overflowing.
    public static func timestamp(seconds: UInt32, fraction: UInt32, nanosecond: Bool) -> Timestamp {
        let nanoseconds = nanosecond ? Int64(fraction) : Int64(fraction) * 1000
        return Timestamp(seconds: Int64(seconds) + nanoseconds / 1_000_000_000, nanoseconds: Int32(nanoseconds % 1_000_000_000))
    }

    /// Delivers every record; returns an error text when the file ends inside a record or holds an
    /// impossible length (the records before it were delivered), as libpcap would.
    public func run(input: Int32, consumer: any PacketConsumer) -> String? {
        let decoder = PacketDecoder(linkType: linkType, tunnelPorts: tunnelPorts)
        var frame: Int64 = 0
        let limit = min(max(snapshotLength, 262_144), RecordFile.maximumRecord)
        return file.run { bytes, start, have in
            var at = start
            while have - at >= 16 {
                let seconds = bytes.word(at: at, swapped: swapped), fraction = bytes.word(at: at + 4, swapped: swapped)
                let caplen = Int(bytes.word(at: at + 8, swapped: swapped))
                guard caplen <= limit else {
                    return (at, "invalid packet capture length \(caplen), bigger than the snapshot length \(snapshotLength)")
                }
                guard have - at - 16 >= caplen else { break }
                frame += 1
                let timestamp = ClassicPcapReader.timestamp(seconds: seconds, fraction: fraction, nanosecond: nanosecond)
                consumer.consume(bytes.extracting(at + 16..<at + 16 + caplen), timestamp: timestamp,
                                 origin: Origin(input: input, index: frame), decoder: decoder)
                at += 16 + caplen
            }
            return (at, nil)
        }
    }
}
