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
    /// UDP ports of the tunnels its decoders follow.
    public var tunnelPorts = TunnelPorts()

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

    /// Opens `path` when it starts with a pcapng section header (plain or gzip); nil otherwise.
    public convenience init?(path: String) {
        guard let file = RecordFile(path: path), file.readAhead(4) else { return nil }
        self.init(file: file)
    }

    /// Takes a file whose first bytes are read ahead, when they start a pcapng section. The section
    /// header and the blocks up to the first interface description are read ahead too (for the
    /// link type shown before reading) and replayed as the first blocks.
    init?(file: RecordFile) {
        guard file.readAhead.count >= 4, Array(file.readAhead.prefix(4)).span.word(at: 0, swapped: false) == PcapngReader.sectionHeader,
              file.readAhead.count >= 12 || file.readAhead(12 - file.readAhead.count) else { return nil }
        let magic = Array(file.readAhead[8..<12]).span.word(at: 0, swapped: false)
        guard magic == PcapngReader.byteOrderMagic || magic == PcapngReader.byteOrderMagic.byteSwapped else { return nil }
        self.file = file
        linkType = PcapngReader.firstLinkType(file, swapped: magic != PcapngReader.byteOrderMagic)
    }

    /// Reads ahead block by block (at most 16 blocks or 1 MiB) to the first interface description.
    private static func firstLinkType(_ file: RecordFile, swapped: Bool) -> LinkType {
        var at = 0
        for _ in 0..<16 {
            guard file.readAhead.count >= at + 12 || file.readAhead(at + 12 - file.readAhead.count) else { break }
            let head = Array(file.readAhead[at..<at + 12])
            let type = head.span.word(at: 0, swapped: swapped), length = Int(head.span.word(at: 4, swapped: swapped))
            guard length >= 12, length % 4 == 0, at + length <= 1 << 20 else { break }
            if type == 1 {
                return LinkType(dlt: ClassicPcapReader.dlt(fromLinktype: Int32(head.span.half(at: 8, swapped: swapped))))
            }
            guard file.readAhead.count >= at + length || file.readAhead(at + length - file.readAhead.count) else { break }
            at += length
        }
        return .unsupported(-1)
    }

    /// Delivers every packet; returns an error text for a malformed block or a file that ends inside
    /// one (the packets before it were delivered).
    public func run(input: Int32, consumer: any PacketConsumer) -> String? {
        var interfaces: [Interface] = []
        var swapped = false
        var frame: Int64 = 0
        return file.run { bytes, start, have in
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
                    guard let interface = PcapngReader.interface(block, swapped: swapped, tunnelPorts: tunnelPorts) else {
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
    static func interface(_ block: Span<UInt8>, swapped: Bool, tunnelPorts: TunnelPorts) -> Interface? {
        guard block.count >= 20 else { return nil }
        let dlt = ClassicPcapReader.dlt(fromLinktype: Int32(block.half(at: 8, swapped: swapped)))
        var interface = Interface(decoder: PacketDecoder(linkType: LinkType(dlt: dlt), tunnelPorts: tunnelPorts), unitsPerSecond: 1_000_000, offsetSeconds: 0)
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
