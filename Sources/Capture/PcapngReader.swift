import ProbeHoundCore
import PacketDecoding

/// Reads pcapng files (the format of current Wireshark, dumpcap and tcpdump -w with pcapng) in
/// place like `ClassicPcapReader`: section headers in either byte order, one decoder per interface
/// (each IDB's link type and timestamp resolution), enhanced, simple and obsolete packet blocks
/// numbered as frames the way Wireshark numbers them, every other block skipped. libpcap keeps
/// standard input and BPF filters.
public final class PcapngReader {
    /// The first interface's link type, as `pcap_datalink` would report it.
    public let linkType: LinkType
    private let file: RecordFile
    /// The section header's first bytes, read to recognise the file and replayed as its first block.
    private let header: [UInt8]

    static let sectionHeader: UInt32 = 0x0A0D_0D0A
    static let byteOrderMagic: UInt32 = 0x1A2B_3C4D

    /// One interface description: how to decode and time its packets.
    struct Interface {
        var decoder: PacketDecoder
        /// Timestamp units per second (IDB option if_tsresol; 10^6 when absent).
        var unitsPerSecond: UInt64
        /// if_tsoffset: seconds added to every timestamp.
        var offsetSeconds: Int64
    }

    /// Opens `path` when it starts with a pcapng section header followed by an interface
    /// description; nil otherwise, leaving it to libpcap.
    public init?(path: String) {
        var header: [UInt8] = []
        guard let file = RecordFile(path: path, header: 12, into: &header) else { return nil }
        let bytes = header.span
        guard bytes.word(at: 0, swapped: false) == PcapngReader.sectionHeader else { return nil }
        let magic = bytes.word(at: 8, swapped: false)
        guard magic == PcapngReader.byteOrderMagic || magic == PcapngReader.byteOrderMagic.byteSwapped else { return nil }
        self.file = file
        self.header = header
        // The link type shown before reading is the first IDB's; find it in the file's first MiB.
        guard let first = PcapngReader.firstLinkType(path: path) else { return nil }
        linkType = first
    }

    private static func firstLinkType(path: String) -> LinkType? {
        guard let head = RecordFile.leadingBytes(path: path, maximum: 1 << 20) else { return nil }
        let bytes = head.span
        var swapped = false
        var at = 0
        while at + 12 <= bytes.count {
            let type = bytes.word(at: at, swapped: false)
            if type == sectionHeader { swapped = bytes.word(at: at + 8, swapped: false) != byteOrderMagic }
            let length = Int(bytes.word(at: at + 4, swapped: swapped))
            guard length >= 12, length % 4 == 0 else { return nil }
            if bytes.word(at: at, swapped: swapped) == 1 && at + 10 <= bytes.count {
                return LinkType(dlt: ClassicPcapReader.dlt(fromLinktype: Int32(bytes.half(at: at + 8, swapped: swapped))))
            }
            at += length
        }
        return nil
    }

    /// Delivers every packet; returns an error text for a malformed block or a file that ends inside
    /// one (the packets before it were delivered).
    public func run(input: Int32, consumer: any PacketConsumer) -> String? {
        var interfaces: [Interface] = []
        var swapped = false
        var frame: Int64 = 0
        return file.run(replaying: header) { bytes, start, have in
            var at = start
            while have - at >= 12 {
                let rawType = bytes.word(at: at, swapped: false)
                if rawType == PcapngReader.sectionHeader {
                    // A new section: its byte-order magic decides how everything after it reads.
                    let magic = bytes.word(at: at + 8, swapped: false)
                    guard magic == PcapngReader.byteOrderMagic || magic == PcapngReader.byteOrderMagic.byteSwapped else {
                        return (at, "section header block with an unknown byte-order magic 0x\(String(magic, radix: 16))")
                    }
                    swapped = magic != PcapngReader.byteOrderMagic
                    interfaces.removeAll()
                }
                let type = swapped ? rawType.byteSwapped : rawType
                let length = Int(bytes.word(at: at + 4, swapped: swapped))
                guard length >= 12, length % 4 == 0, length <= RecordFile.maximumRecord else {
                    return (at, "block of type \(type) has an invalid total length \(length)")
                }
                guard have - at >= length else { break }
                let block = bytes.extracting(at..<at + length)
                switch type {
                case 1:
                    guard let interface = PcapngReader.interface(block, swapped: swapped) else {
                        return (at, "interface description block too short (\(length) bytes)")
                    }
                    interfaces.append(interface)
                case 6, 2:
                    // Enhanced packet block, or the obsolete packet block (16-bit interface id).
                    guard length >= 32 else { return (at, "packet block too short (\(length) bytes)") }
                    let id = type == 6 ? Int(block.word(at: 8, swapped: swapped)) : Int(block.half(at: 8, swapped: swapped))
                    guard id < interfaces.count else { return (at, "packet block for interface \(id), which is not described") }
                    let caplen = Int(block.word(at: 20, swapped: swapped))
                    guard caplen <= length - 32 else { return (at, "packet block's capture length \(caplen) exceeds the block") }
                    let units = UInt64(block.word(at: 12, swapped: swapped)) << 32 | UInt64(block.word(at: 16, swapped: swapped))
                    frame += 1
                    consumer.consume(bytes.extracting(at + 28..<at + 28 + caplen), timestamp: interfaces[id].timestamp(units),
                                     origin: Origin(input: input, index: frame), decoder: interfaces[id].decoder)
                case 3:
                    // Simple packet block: interface 0, no timestamp, the packet cut to the block.
                    guard length >= 16 else { return (at, "simple packet block too short (\(length) bytes)") }
                    guard let interface = interfaces.first else { return (at, "simple packet block before any interface description") }
                    let original = Int(block.word(at: 8, swapped: swapped))
                    let caplen = min(original, length - 16)
                    frame += 1
                    consumer.consume(bytes.extracting(at + 12..<at + 12 + caplen), timestamp: .zero,
                                     origin: Origin(input: input, index: frame), decoder: interface.decoder)
                default:
                    break   // section headers (handled above), statistics, name resolution, custom blocks
                }
                at += length
            }
            return (at, nil)
        }
    }

    /// Link type, if_tsresol (option 9) and if_tsoffset (option 14) of an interface description block.
    static func interface(_ block: Span<UInt8>, swapped: Bool) -> Interface? {
        guard block.count >= 20 else { return nil }
        let dlt = ClassicPcapReader.dlt(fromLinktype: Int32(block.half(at: 8, swapped: swapped)))
        var interface = Interface(decoder: PacketDecoder(linkType: LinkType(dlt: dlt)), unitsPerSecond: 1_000_000, offsetSeconds: 0)
        var at = 16
        let end = block.count - 4
        while at + 4 <= end {
            let code = block.half(at: at, swapped: swapped), length = Int(block.half(at: at + 2, swapped: swapped))
            if code == 0 { break }
            guard at + 4 + length <= end else { break }
            if code == 9 && length >= 1 {
                let value = block[at + 4]
                let exponent = UInt64(value & 0x7F)
                if value & 0x80 != 0 {
                    interface.unitsPerSecond = exponent < 64 ? 1 << exponent : 1
                } else {
                    var units: UInt64 = 1
                    for _ in 0..<min(exponent, 19) { units *= 10 }
                    interface.unitsPerSecond = units
                }
            } else if code == 14 && length >= 8 {
                let low = UInt64(block.word(at: at + 4, swapped: swapped)), high = UInt64(block.word(at: at + 8, swapped: swapped))
                interface.offsetSeconds = Int64(bitPattern: swapped ? low << 32 | high : high << 32 | low)
            }
            at += 4 + (length + 3) & ~3
        }
        return interface
    }
}

extension PcapngReader.Interface {
    func timestamp(_ units: UInt64) -> Timestamp {
        let seconds = units / unitsPerSecond, remainder = units % unitsPerSecond
        let nanoseconds: UInt64 = unitsPerSecond == 1_000_000 ? remainder * 1000
            : unitsPerSecond == 1_000_000_000 ? remainder
            : UInt64(Double(remainder) * 1e9 / Double(unitsPerSecond))
        // Wrapping: a corrupt resolution or offset gives a wrong time, never a trap (Timestamp clamps it).
        return Timestamp(seconds: Int64(truncatingIfNeeded: seconds) &+ offsetSeconds,
                         nanoseconds: Int32(truncatingIfNeeded: min(nanoseconds, 999_999_999)))
    }
}
