import CPcap
#if canImport(Glibc)
import Glibc
#endif
import ProbeHoundCore
public import PacketDecoding

/// Options for opening an interface, with tcpdump's defaults (block mode with a short timeout, so
/// findings stay timely without a wake-up per packet).
public struct LiveCaptureOptions: Sendable {
    /// Bytes captured per packet: whole packets by default, so HTTP headers and quotes are complete.
    public var snapshotLength: Int32 = 262_144
    /// Kernel buffer in MiB. In immediate mode Linux libpcap uses TPACKET_V2, whose ring slots are
    /// snaplen-sized: libpcap's 2 MiB default then holds only 8 frames of 256 KiB and a traceroute
    /// burst overflows it, so the default here is 64 MiB.
    public var bufferSizeMiB: Int = 64
    /// Promiscuous mode: a span port's traffic is not addressed to the sensor.
    public var promiscuous = true
    /// Immediate mode wakes for every packet (TPACKET_V2 on Linux); off, libpcap reads whole blocks
    /// of a TPACKET_V3 ring, woken when a block fills or `blockTimeoutMilliseconds` passes.
    public var immediate = false
    /// How long a partly filled block waits before it is handed over: the latency of findings.
    public var blockTimeoutMilliseconds: Int32 = 50
    /// A BPF expression compiled into the kernel.
    public var filter: String? = nil
    /// UDP ports of the tunnels the decoder follows (from the config).
    public var tunnelPorts = TunnelPorts()
    /// Joins the socket to this PACKET_FANOUT group (Linux), hashing flows across the group's
    /// sockets: how several capture workers share one interface, each flow on one worker.
    public var fanoutGroup: UInt16? = nil

    /// tcpdump's defaults.
    public init() {}
}

/// libpcap's own counters (`pcap_stats`).
public struct CaptureStatistics: Sendable {
    /// `ps_recv`: packets the kernel passed to the capture.
    public var received: UInt32
    /// `ps_drop`: dropped because the ring was full.
    public var dropped: UInt32
    /// `ps_ifdrop`: dropped by the interface or driver.
    public var interfaceDropped: UInt32
}

/// A live capture on one interface (`pcap_create` + `pcap_activate`), read without blocking so the
/// caller can report, expire state and notice signals between batches.
/// `@safe`: the pcap handle never leaves the object, lives exactly as long as it (closed in `deinit`),
/// and every use of it is an `unsafe` call inside this file.
@safe public final class LiveCapture {
    public let interface: String
    /// The interface's link type: how frames are decoded.
    public let linkType: LinkType
    private let handle: OpaquePointer
    /// The decoder for this interface's link type and the configured tunnel ports.
    public let decoder: PacketDecoder
    private var frames: Int64 = 0

    /// Opens and activates the interface; an error says why in words (no such interface, not up, permission).
    public init(interface: String, options: LiveCaptureOptions) throws(CaptureError) {
        self.interface = interface
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let created = unsafe pcap_create(interface, &errorBuffer) else {
            throw CaptureError(input: interface, message: LiveCapture.text(errorBuffer))
        }
        unsafe pcap_set_snaplen(created, options.snapshotLength)
        unsafe pcap_set_promisc(created, options.promiscuous ? 1 : 0)
        unsafe pcap_set_immediate_mode(created, options.immediate ? 1 : 0)
        unsafe pcap_set_timeout(created, options.blockTimeoutMilliseconds)
        // Nanosecond timestamps where the platform has them; the dispatch reads the precision in force.
        _ = unsafe pcap_set_tstamp_precision(created, Int32(PCAP_TSTAMP_PRECISION_NANO))
        unsafe pcap_set_buffer_size(created, Int32(clamping: options.bufferSizeMiB * 1_048_576))
        let status = unsafe pcap_activate(created)
        if status < 0 {
            let detail = unsafe String(cString: pcap_geterr(created))
            let summary = unsafe String(cString: pcap_statustostr(status))
            unsafe pcap_close(created)
            var message = detail.isEmpty || detail.contains(summary) ? (detail.isEmpty ? summary : detail) : "\(summary): \(detail)"
            if status == PCAP_ERROR_NO_SUCH_DEVICE { message = "no such interface" }
            if status == PCAP_ERROR_IFACE_NOT_UP { message = "the interface is not up" }
            if status == PCAP_ERROR_PERM_DENIED || status == PCAP_ERROR_PROMISC_PERM_DENIED {
                message += " (capturing needs root or CAP_NET_RAW and CAP_NET_ADMIN)"
            }
            throw CaptureError(input: interface, message: message)
        }
        unsafe handle = unsafe created
        linkType = unsafe LinkType(dlt: pcap_datalink(created))
        decoder = PacketDecoder(linkType: linkType, tunnelPorts: options.tunnelPorts)
        if let expression = options.filter {
            var program = unsafe bpf_program()
            guard unsafe pcap_compile(created, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
                throw CaptureError(input: interface, message: unsafe "bad filter '\(expression)': \(String(cString: pcap_geterr(created)))")
            }
            defer { unsafe pcap_freecode(&program) }
            guard unsafe pcap_setfilter(created, &program) == 0 else {
                throw CaptureError(input: interface, message: unsafe "cannot set filter: \(String(cString: pcap_geterr(created)))")
            }
        }
        if let group = options.fanoutGroup {
            // Hash by flow (both directions alike), defragmenting first so a datagram's fragments stay together.
            var setting = UInt32(group) | UInt32(PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG) << 16
            guard unsafe setsockopt(pcap_fileno(created), SOL_PACKET, PACKET_FANOUT, &setting, socklen_t(MemoryLayout<UInt32>.size)) == 0 else {
                unsafe pcap_close(created)
                throw CaptureError(input: interface, message: "cannot join PACKET_FANOUT group \(group): \(lastSystemError())")
            }
        }
        guard unsafe pcap_setnonblock(created, 1, &errorBuffer) == 0 else {
            throw CaptureError(input: interface, message: LiveCapture.text(errorBuffer))
        }
    }

    deinit {
        unsafe pcap_close(handle)
    }

    /// Waits up to `timeoutMilliseconds` for packets, then hands every buffered one to `consumer`.
    /// Returns the number delivered, or throws when the interface failed (went away, was shut down).
    public func poll(timeoutMilliseconds: Int32, maximumPackets: Int32 = -1, input: Int32,
                     consumer: any PacketConsumer) throws(CaptureError) -> Int {
        let descriptor = unsafe pcap_get_selectable_fd(handle)
        if descriptor >= 0 {
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = unsafe Glibc.poll(&request, 1, timeoutMilliseconds)
        }
        let context = unsafe DispatchContext(consumer: consumer, decoder: decoder, input: input, handle: handle)
        context.frame = frames
        let delivered: Int32 = withExtendedLifetime(context) {
            let user = unsafe Unmanaged.passUnretained(context).toOpaque().assumingMemoryBound(to: UInt8.self)
            return unsafe pcap_dispatch(handle, maximumPackets, onPacket, user)
        }
        frames = context.frame
        if delivered == PCAP_ERROR {
            throw unsafe CaptureError(input: interface, message: String(cString: pcap_geterr(handle)))
        }
        return Int(max(0, delivered))
    }

    /// tcpdump's start line: "listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes".
    public var banner: String {
        let dlt = unsafe pcap_datalink(handle)
        let name = unsafe pcap_datalink_val_to_name(dlt).map { unsafe String(cString: $0) } ?? "DLT \(dlt)"
        let description = unsafe pcap_datalink_val_to_description(dlt).map { unsafe String(cString: $0) } ?? name
        return unsafe "listening on \(interface), link-type \(name) (\(description)), snapshot length \(pcap_snapshot(handle)) bytes"
    }

    /// libpcap's counters now, nil when it cannot give them.
    public func statistics() -> CaptureStatistics? {
        var stats = pcap_stat()
        guard unsafe pcap_stats(handle, &stats) == 0 else { return nil }
        return CaptureStatistics(received: stats.ps_recv, dropped: stats.ps_drop, interfaceDropped: stats.ps_ifdrop)
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
