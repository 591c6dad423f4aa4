import FirewallLogs
import ProbeHoundCore

/// libFuzzer entry point: the first byte picks the log format, the rest is fed line by line to
/// one parser instance (so header-driven formats see headers, then records).
/// Build: swift build --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product FuzzFirewallLogs --scratch-path .build-fuzz
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count)
    let formats = LogFormat.allCases
    var parser = formats[Int(bytes[0]) % formats.count].makeParser()
    let body = Array(bytes[1...])
    var lineStart = 0
    for index in 0...body.count where index == body.count || body[index] == 10 {
        var observation = Observation()
        let line = body.span.extracting(lineStart..<index)
        if parser.parse(line, into: &observation, context: LogContext(defaultYear: 2026)) == .observation {
            _ = observation.http?.host?.string(in: line)
            _ = observation.queryName?.string(in: line)
            if let process = observation.process {
                for field in [process.host, process.image, process.commandLine, process.user, process.parentImage] {
                    _ = process.text(field, in: line)
                }
            }
        }
        lineStart = index + 1
    }
    for format in formats { _ = format.recognizes(body.span) }
    return 0
}
