import CPcap
#if canImport(Glibc)
import Glibc
#endif
import ProbeHoundCore
import PacketDecoding

/// What the C callback needs, passed through libpcap's `user` pointer.
/// `@safe`: lives on the stack of one `pcap_dispatch` call (`withExtendedLifetime`), and its filter
/// program pointer is owned by the `OfflineCapture` that outlives that call.
@safe final class DispatchContext {
    let consumer: any PacketConsumer
    let decoder: PacketDecoder
    let input: Int32
    /// Units per second of `ts.tv_usec` as libpcap fills it: 10^9 when nanosecond precision is in
    /// force (`pcap_get_tstamp_precision`), else 10^6.
    let fractionUnitsPerSecond: Int
    var frame: Int64 = 0
    var filter: UnsafeMutablePointer<bpf_program>? = nil

    init(consumer: any PacketConsumer, decoder: PacketDecoder, input: Int32, handle: OpaquePointer) {
        self.consumer = consumer
        self.decoder = decoder
        self.input = input
        fractionUnitsPerSecond = unsafe pcap_get_tstamp_precision(handle) == PCAP_TSTAMP_PRECISION_NANO ? 1_000_000_000 : 1_000_000
    }
}

let onPacket: pcap_handler = { user, header, data in
    guard let user = unsafe user, let header = unsafe header, let data = unsafe data else { return }
    let context = unsafe Unmanaged<DispatchContext>.fromOpaque(UnsafeRawPointer(user)).takeUnretainedValue()
    context.frame += 1
    if let filter = unsafe context.filter, unsafe pcap_offline_filter(filter, header, data) == 0 {
        context.consumer.filteredOut()
        return
    }
    let time = unsafe header.pointee.ts
    let timestamp = Timestamp(seconds: Int(time.tv_sec), fraction: Int(time.tv_usec), unitsPerSecond: context.fractionUnitsPerSecond)
    // The one place libpcap memory becomes a Span: caplen bytes, valid until this callback returns.
    let packet = unsafe UnsafeBufferPointer(start: data, count: Int(header.pointee.caplen)).span
    context.consumer.consume(packet, timestamp: timestamp, origin: Origin(input: context.input, index: context.frame), decoder: context.decoder)
}
