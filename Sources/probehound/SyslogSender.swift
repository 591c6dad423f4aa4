import Capture
#if canImport(Glibc)
import Glibc
#endif

/// Sends RFC 5424 messages to a collector: `udp://HOST:PORT` (one datagram each, RFC 5426) or
/// `tcp://HOST:PORT` (octet-counted frames, RFC 6587). A send that fails is counted and reported
/// once, so a collector going away never stops the analysis.
final class SyslogSender {
    let destination: String
    private let socketDescriptor: Int32
    private let isTCP: Bool
    private(set) var failures = 0

    init(url: String) throws(InputError) {
        destination = url
        let scheme: String
        if url.hasPrefix("udp://") { scheme = "udp" } else if url.hasPrefix("tcp://") { scheme = "tcp" } else {
            throw InputError("--syslog \(url): give udp://HOST:PORT or tcp://HOST:PORT")
        }
        isTCP = scheme == "tcp"
        var rest = Substring(url.dropFirst(6))
        var host: Substring
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
        } else {
            host = rest.prefix { $0 != ":" }
            rest = rest.dropFirst(host.count)
        }
        let port: Substring = rest.hasPrefix(":") ? rest.dropFirst() : "514"
        guard !host.isEmpty, let portNumber = UInt16(port), portNumber > 0 else {
            throw InputError("--syslog \(url): expected \(scheme)://HOST:PORT")
        }
        var hints = unsafe addrinfo()
        unsafe hints.ai_socktype = Int32(isTCP ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>? = nil
        let status = unsafe getaddrinfo(String(host), String(portNumber), &hints, &results)
        guard status == 0, let first = unsafe results else {
            throw InputError(unsafe "--syslog \(url): cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { unsafe freeaddrinfo(results) }
        var descriptor: Int32 = -1
        var lastError: Int32 = 0
        var entry: UnsafeMutablePointer<addrinfo>? = unsafe first
        while let candidate = unsafe entry {
            descriptor = unsafe socket(candidate.pointee.ai_family, candidate.pointee.ai_socktype, candidate.pointee.ai_protocol)
            if descriptor >= 0 {
                if unsafe connect(descriptor, candidate.pointee.ai_addr, candidate.pointee.ai_addrlen) == 0 { break }
                lastError = errno
                close(descriptor)
                descriptor = -1
            } else {
                lastError = errno
            }
            unsafe entry = unsafe candidate.pointee.ai_next
        }
        guard descriptor >= 0 else {
            throw InputError("--syslog \(url): cannot connect: \(lastSystemError(lastError))")
        }
        socketDescriptor = descriptor
    }

    deinit { close(socketDescriptor) }

    func send(_ message: String) {
        var bytes = Array(message.utf8)
        if isTCP { bytes = Array("\(bytes.count) ".utf8) + bytes }
        var sent = 0
        while sent < bytes.count {
            let result = unsafe bytes.withUnsafeBytes { buffer in
                unsafe Glibc.send(socketDescriptor, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                if failures == 0 {
                    FileOutput.standardError.line("probehound: syslog \(destination): send failed: \(lastSystemError())")
                }
                failures += 1
                return
            }
            sent += result
            if !isTCP { return }
        }
    }
}
