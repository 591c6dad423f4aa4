#if canImport(Glibc)
import Glibc
#endif
import ProbeHoundCore
import PacketDecoding

/// Reads classic pcap files (micro- or nanosecond, either byte order) with `read(2)` into one reused
/// buffer and hands each record to the consumer in place: libpcap's own stdio path costs about as
/// much as all of ProbeHound's decoding. pcapng, standard input and BPF filters stay with libpcap
/// (`OfflineCapture`).
public final class ClassicPcapReader {
    /// About an L2 cache: records are parsed while the kernel's copy of them is still cached. With
    /// 4 MiB the first load of each record header missed to memory (two thirds of this reader's
    /// time in the profile) and a run took ~1.35x as long.
    static let bufferSize = 1 << 20
    static let maximumRecord = 256 << 20

    public let path: String
    public let linkType: LinkType
    private let descriptor: Int32
    private let swapped: Bool
    private let nanosecond: Bool
    private let snapshotLength: Int

    /// Opens `path` when it is a classic pcap file; nil for anything else (pcapng, garbage), which
    /// the caller then hands to libpcap for its verdict.
    public init?(path: String) {
        guard path != "-" else { return nil }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        var header = [UInt8](repeating: 0, count: 24)
        guard read(fd, &header, 24) == 24 else { close(fd); return nil }
        let magic = UInt32(header[0]) | UInt32(header[1]) << 8 | UInt32(header[2]) << 16 | UInt32(header[3]) << 24
        let isSwapped: Bool
        switch magic {
        case 0xa1b2c3d4: isSwapped = false; nanosecond = false
        case 0xa1b23c4d: isSwapped = false; nanosecond = true
        case 0xd4c3b2a1: isSwapped = true; nanosecond = false
        case 0x4d3cb2a1: isSwapped = true; nanosecond = true
        default: close(fd); return nil
        }
        swapped = isSwapped
        let field = { (offset: Int) -> UInt32 in
            let value = UInt32(header[offset]) | UInt32(header[offset + 1]) << 8 | UInt32(header[offset + 2]) << 16 | UInt32(header[offset + 3]) << 24
            return isSwapped ? value.byteSwapped : value
        }
        snapshotLength = Int(field(16))
        // The low 16 bits are the link type; the rest hold FCS flags (LINKTYPE_ + FCS length).
        linkType = LinkType(dlt: ClassicPcapReader.dlt(fromLinktype: Int32(field(20) & 0xFFFF)))
        self.path = path
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    /// Pcap files store LINKTYPE_ values; where they differ from DLT_ values, map them.
    static func dlt(fromLinktype linktype: Int32) -> Int32 {
        switch linktype {
        case 101: 12   // LINKTYPE_RAW → DLT_RAW
        default: linktype
        }
    }

    /// Delivers every record; returns an error text when the file ends inside a record or holds an
    /// impossible length (the records before it were delivered), as libpcap would.
    public func run(input: Int32, consumer: any PacketConsumer) -> String? {
        let decoder = PacketDecoder(linkType: linkType)
        var buffer = [UInt8](repeating: 0, count: ClassicPcapReader.bufferSize)
        var have = 0, at = 0
        var frame: Int64 = 0
        var atEnd = false
        let limit = max(snapshotLength, 262_144)
        while true {
            let (next, problem) = deliver(buffer.span, from: at, to: have, limit: limit, frame: &frame, input: input,
                                          consumer: consumer, decoder: decoder)
            if let problem { return problem }
            at = next
            if atEnd {
                return have > at ? "truncated dump file; \(have - at) bytes of a record missing their end" : nil
            }
            // Keep the partial record, grow only for a record larger than the buffer.
            if at > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    memmove(base, base + at, have - at)
                }
                have -= at
                at = 0
            }
            if have == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
            let got = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress! + have, raw.count - have) }
            if got < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            if got == 0 { atEnd = true } else { have += got }
        }
    }

    /// Hands every complete record in `bytes[from..<to]` to the consumer, in place; returns where the
    /// first incomplete record starts, or the problem that stops the file.
    private func deliver(_ bytes: Span<UInt8>, from start: Int, to have: Int, limit: Int, frame: inout Int64, input: Int32,
                         consumer: any PacketConsumer, decoder: PacketDecoder) -> (Int, String?) {
        var at = start
        while have - at >= 16 {
            let seconds = word(bytes, at), fraction = word(bytes, at + 4)
            let caplen = Int(word(bytes, at + 8))
            guard caplen <= limit, caplen <= ClassicPcapReader.maximumRecord else {
                return (at, "invalid packet capture length \(caplen), bigger than the snapshot length \(snapshotLength)")
            }
            guard have - at - 16 >= caplen else { break }
            frame += 1
            let timestamp = Timestamp(seconds: Int64(seconds), nanoseconds: Int32(nanosecond ? fraction : fraction &* 1000))
            consumer.consume(bytes.extracting(at + 16..<at + 16 + caplen), timestamp: timestamp,
                             origin: Origin(input: input, index: frame), decoder: decoder)
            at += 16 + caplen
        }
        return (at, nil)
    }

    @inline(__always)
    private func word(_ bytes: Span<UInt8>, _ offset: Int) -> UInt32 {
        let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        return swapped ? value.byteSwapped : value
    }
}
