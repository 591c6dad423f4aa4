import CPcap
#if canImport(Glibc)
import Glibc
#endif

/// A capture device as `pcap_findalldevs` lists it, for `probehound interfaces` and for the
/// message when an interface cannot be opened.
public struct CaptureDevice: Sendable {
    /// The name `-i` takes (`eth0`, `any`).
    public var name: String
    /// libpcap's description, when it has one.
    public var description: String?
    /// Its IPv4 and IPv6 addresses as text.
    public var addresses: [String]
    /// Up: a capture can open it.
    public var isUp: Bool
    /// Running: it carries traffic.
    public var isRunning: Bool
    /// Loopback: what a span port never is.
    public var isLoopback: Bool

    /// The corresponding C function is `pcap_findalldevs`.
    public static func all() throws(CaptureError) -> [CaptureDevice] {
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        var list: UnsafeMutablePointer<pcap_if_t>? = nil
        guard unsafe pcap_findalldevs(&list, &errorBuffer) == 0 else {
            throw CaptureError(input: "interfaces", message: String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { unsafe pcap_freealldevs(list) }
        var devices: [CaptureDevice] = []
        var current = unsafe list
        while let device = unsafe current {
            var addresses: [String] = []
            var address = unsafe device.pointee.addresses
            while let entry = unsafe address {
                if let socket = unsafe entry.pointee.addr, let text = unsafe CaptureDevice.text(socket) { addresses.append(text) }
                unsafe address = unsafe entry.pointee.next
            }
            let flags = unsafe device.pointee.flags
            unsafe devices.append(CaptureDevice(
                name: String(cString: device.pointee.name),
                description: device.pointee.description.map { unsafe String(cString: $0) },
                addresses: addresses,
                isUp: flags & UInt32(PCAP_IF_UP) != 0,
                isRunning: flags & UInt32(PCAP_IF_RUNNING) != 0,
                isLoopback: flags & UInt32(PCAP_IF_LOOPBACK) != 0))
            unsafe current = unsafe device.pointee.next
        }
        return devices
    }

    private static func text(_ socket: UnsafeMutablePointer<sockaddr>) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch unsafe Int32(socket.pointee.sa_family) {
        case AF_INET:
            return unsafe socket.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                var address = unsafe v4.pointee.sin_addr
                return unsafe inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count)).map { unsafe String(cString: $0) }
            }
        case AF_INET6:
            return unsafe socket.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                var address = unsafe v6.pointee.sin6_addr
                return unsafe inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)).map { unsafe String(cString: $0) }
            }
        default:
            return nil
        }
    }
}
