#if canImport(Glibc)
import Glibc
#endif
import Capture
import PacketDecoding
import ProbeHoundCore

/// libFuzzer entry point for ProbeHound's own capture-file readers (classic pcap and pcapng): the
/// input is written to a file in /dev/shm (memory) that both readers are offered, each packet decoded.
/// Build: swift build --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product FuzzCaptureFiles --scratch-path .build-fuzz
final class DecodingConsumer: PacketConsumer {
    var observation = Observation()
    func consume(_ packet: Span<UInt8>, timestamp: Timestamp, origin: Origin, decoder: PacketDecoder) {
        _ = decoder.decode(packet, into: &observation)
    }
    func filteredOut() {}
}

let path = "/dev/shm/probehound-fuzz-capture-\(getpid())"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    let written = write(fd, start, count)
    close(fd)
    guard written == count else { return 0 }
    let consumer = DecodingConsumer()
    if let reader = ClassicPcapReader(path: path) { _ = reader.run(input: 0, consumer: consumer) }
    if let reader = PcapngReader(path: path) { _ = reader.run(input: 0, consumer: consumer) }
    return 0
}
