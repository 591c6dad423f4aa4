#if canImport(Glibc)
import Glibc
#endif

/// The progress line of long offline runs, on standard error and only when it is a terminal:
/// bytes read of the inputs' total, packets (or records) per second, time left. Bytes come from the
/// kernel's count of what this process has read (`rchar` in /proc/self/io), so every reader —
/// libpcap, our own, gzip's pipe — is measured the same way.
final class ProgressBar {
    private let totalBytes: Int
    private let unit: String
    private let startBytes: Int
    private let startTime: Double
    private var lastDraw = 0.0
    private var drawn = false

    /// Nil when standard error is not a terminal, so pipes and logs stay clean.
    init?(inputs: [String], unit: String) {
        guard isatty(2) == 1 else { return nil }
        var total = 0
        for path in inputs where path != "-" { total += SystemCalls.fileSize(path) ?? 0 }
        totalBytes = total
        self.unit = unit
        startBytes = SystemCalls.bytesRead()
        startTime = SystemCalls.monotonicSeconds()
    }

    func update(_ count: Int) {
        let now = SystemCalls.monotonicSeconds()
        guard now - lastDraw >= 0.1 else { return }
        lastDraw = now
        let elapsed = max(now - startTime, 0.001)
        let done = max(0, SystemCalls.bytesRead() - startBytes)
        var line = ""
        if totalBytes > 0 {
            let fraction = min(1, Double(done) / Double(totalBytes))
            let filled = Int(fraction * 24)
            line += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 24 - filled) + "] "
            line += "\(Int(fraction * 100))% \(ProgressBar.size(done))/\(ProgressBar.size(totalBytes))"
            let rate = Double(done) / elapsed
            if rate > 0 && fraction < 1 { line += ", ETA \(Int((Double(totalBytes - done) / rate).rounded(.up))) s" }
        } else {
            line += ProgressBar.size(done)
        }
        line += ", \(ProgressBar.count(Double(count) / elapsed)) \(unit)/s"
        FileOutput.standardError.write(.carriageReturn)
        FileOutput.standardError.write(line)
        FileOutput.standardError.write(.eraseToEndOfLine)
        FileOutput.standardError.flush()
        drawn = true
    }

    /// Clears the line so the report starts on a clean one.
    func finish() {
        if drawn {
            FileOutput.standardError.write(.carriageReturn)
            FileOutput.standardError.write(.eraseToEndOfLine)
            FileOutput.standardError.flush()
        }
    }

    static func size(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes), index = 0
        while value >= 1024 && index < units.count - 1 { value /= 1024; index += 1 }
        return index == 0 ? "\(bytes) B" : "\(Int(value * 10) / 10).\(Int(value * 10) % 10) \(units[index])"
    }

    static func count(_ rate: Double) -> String {
        if rate >= 1e6 { return "\(Int(rate / 1e5) / 10).\(Int(rate / 1e5) % 10) M" }
        if rate >= 1e3 { return "\(Int(rate / 1e3)) k" }
        return "\(Int(rate))"
    }
}
