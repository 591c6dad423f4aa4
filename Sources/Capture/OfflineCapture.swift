import CPcap
#if canImport(Glibc)
import Glibc
#endif
import ProbeHoundCore
public import PacketDecoding

/// Reads one pcap or pcapng file (or standard input) with libpcap and hands every frame, in place,
/// to a consumer. Nanosecond precision is requested so both pcap flavours keep their resolution.
/// `@safe`: the pcap handle (and the stream libpcap reads) never leave the object and are closed in
/// `deinit`; every use is an `unsafe` call inside this file.
@safe public final class OfflineCapture {
    static let readBufferSize = 4 << 20
    /// The path as given.
    public let path: String
    /// The link type libpcap reports: how frames are decoded.
    public let linkType: LinkType
    /// The raw DLT, for messages about a link type that is not supported.
    public let dlt: Int32
    private let tunnelPorts: TunnelPorts
    private let handle: OpaquePointer
    private var filter = unsafe bpf_program()
    private var hasFilter = false

    /// Opens the file and compiles `filter` (BPF, as tcpdump takes it) against its link type.
    public init(path: String, filter expression: String?, tunnelPorts: TunnelPorts = TunnelPorts()) throws(CaptureError) {
        self.path = path
        self.tunnelPorts = tunnelPorts
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        // Our own FILE with a 4 MiB buffer: libpcap's stdio default reads 4 KiB at a time.
        guard let file = unsafe path == "-" ? fdopen(dup(0), "rb") : ByteSource.decompressingStream(path) ?? fopen(path, "rb") else {
            throw CaptureError(input: path, message: lastSystemError())
        }
        unsafe setvbuf(file, nil, _IOFBF, OfflineCapture.readBufferSize)
        guard let opened = unsafe pcap_fopen_offline_with_tstamp_precision(file, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer) else {
            unsafe fclose(file)
            let message = String(decoding: errorBuffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw CaptureError(input: path, message: message)
        }
        unsafe handle = unsafe opened
        dlt = unsafe pcap_datalink(opened)
        linkType = LinkType(dlt: dlt)
        if let expression {
            guard unsafe pcap_compile(opened, &filter, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
                // deinit runs for a class whose properties are all set, and closes the handle.
                let message = unsafe String(cString: pcap_geterr(opened))
                throw CaptureError(input: path, message: "bad filter '\(expression)': \(message)")
            }
            hasFilter = true
        }
    }

    deinit {
        if hasFilter { unsafe pcap_freecode(&filter) }
        unsafe pcap_close(handle)
    }

    /// Delivers every frame to `consumer`. Returns libpcap's error text when the file ends badly
    /// (cut mid-record, corrupt block); the frames before that point have been delivered.
    public func run(input: Int32, consumer: any PacketConsumer) -> String? {
        let context = unsafe DispatchContext(consumer: consumer, decoder: PacketDecoder(linkType: linkType, tunnelPorts: tunnelPorts), input: input, handle: handle)
        return withExtendedLifetime(context) {
            if hasFilter {
                unsafe withUnsafeMutablePointer(to: &filter) { unsafe context.filter = unsafe $0; return dispatchAll(context) }
            } else {
                dispatchAll(context)
            }
        }
    }

    private func dispatchAll(_ context: DispatchContext) -> String? {
        let user = unsafe Unmanaged.passUnretained(context).toOpaque().assumingMemoryBound(to: UInt8.self)
        while true {
            let status = unsafe pcap_dispatch(handle, 4096, onPacket, user)
            if status == 0 { return nil }
            if status == PCAP_ERROR { return unsafe String(cString: pcap_geterr(handle)) }
            if status < 0 { return nil }
        }
    }
}

