#if canImport(Glibc)
import Glibc
#endif
import PacketDecoding
import ProbeHoundCore

/// libFuzzer entry point for the packet path. With `FUZZ_LINK_TYPE=<DLT>` in the environment every
/// input is one frame of that link type (one fuzz run per link-type entry point, as `Scripts/fuzz`
/// does); without it the first byte picks the link type and the rest is the frame (the whole-packet
/// path across all of them).
/// Build: swift build --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product FuzzPacketDecoding --scratch-path .build-fuzz
let linkTypes: [Int32] = [0, 1, 12, 108, 113, 117, 228, 229, 239, 276, 9, 104, 105, 127]
let fixedLinkType: Int32? = getenv("FUZZ_LINK_TYPE").flatMap { Int32(String(cString: $0)) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count)
    let dlt = fixedLinkType ?? linkTypes[Int(bytes[0]) % linkTypes.count]
    let frame = fixedLinkType == nil ? UnsafeBufferPointer(rebasing: bytes[1...]) : bytes
    let decoder = PacketDecoder(linkType: LinkType(dlt: dlt))
    let result = decoder.decode(frame.span, timestamp: .zero, origin: Origin(input: 0, index: 1))
    if case .observation(let observation) = result {
        var scratch: [UInt8] = []
        _ = observation.dns?.name(in: frame.span, into: &scratch)
        _ = observation.http?.host?.string(in: frame.span)
        _ = observation.tlsServerName?.string(in: frame.span)
    }
    return 0
}
