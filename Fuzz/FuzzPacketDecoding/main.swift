import PacketDecoding
import ProbeHoundCore

/// libFuzzer entry point: the first byte picks the link type, the rest is the frame.
/// Build: swift build --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product FuzzPacketDecoding --scratch-path .build-fuzz
let linkTypes: [Int32] = [0, 1, 12, 108, 113, 117, 228, 229, 239, 276]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count)
    let decoder = PacketDecoder(linkType: LinkType(dlt: linkTypes[Int(bytes[0]) % linkTypes.count]))
    let frame = UnsafeBufferPointer(rebasing: bytes[1...])
    let result = decoder.decode(frame.span, timestamp: .zero, origin: Origin(input: 0, index: 1))
    if case .observation(let observation) = result {
        var scratch: [UInt8] = []
        _ = observation.dns?.name(in: frame.span, into: &scratch)
        _ = observation.http?.host?.string(in: frame.span)
        _ = observation.tlsServerName?.string(in: frame.span)
    }
    return 0
}
