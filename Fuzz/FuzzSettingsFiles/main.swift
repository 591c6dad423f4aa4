import Detection
import ProbeHoundCore
import Reporting

/// libFuzzer entry point for the files a user hands ProbeHound besides captures and logs: the first
/// byte picks the config-file parser or the baseline reader (JSON parser, RFC 3339 times, addresses).
/// Build: swift build --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product FuzzSettingsFiles --scratch-path .build-fuzz
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count)
    let text = String(decoding: bytes[1...], as: UTF8.self)
    if bytes[0] & 1 == 0 {
        var config = DetectionConfig()
        _ = try? ConfigFile.apply(text, to: &config)
    } else if let baseline = try? BaselineFile.decode(text) {
        _ = BaselineFile.encode(baseline)
    }
    return 0
}
