#if canImport(Glibc)
import Glibc
#endif
import ProbeHoundCore

/// The small POSIX queries the commands make (clocks, host name, file size, bytes this process has
/// read), each a safe function over one `unsafe` C call with a buffer it owns, so command code needs
/// no `unsafe` of its own.
enum SystemCalls {
    /// Seconds on the monotonic clock, for durations, rates and report intervals.
    static func monotonicSeconds() -> Double {
        var now = timespec()
        unsafe clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// The wall clock, for report times and finding timestamps of live runs.
    static func now() -> Timestamp {
        var spec = timespec()
        unsafe clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec))
    }

    /// This machine's name (the ECS observer and the syslog HOSTNAME), nil when it cannot be read.
    static func hostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard unsafe gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Size of a file in bytes, nil when it cannot be read.
    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        return unsafe stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Bytes this process has read so far (`rchar` of /proc/self/io), 0 where that is not available.
    static func bytesRead() -> Int {
        guard let file = unsafe fopen("/proc/self/io", "r") else { return 0 }
        defer { unsafe fclose(file) }
        var line = [CChar](repeating: 0, count: 128)
        while unsafe fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("rchar:") { return Int(text.dropFirst(6).filter(\.isNumber)) ?? 0 }
        }
        return 0
    }
}
