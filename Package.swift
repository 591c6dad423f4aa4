// swift-tools-version:6.2
import PackageDescription

let common: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]
// Every module of the product: strict memory safety (each `unsafe` spelled out, and only at the C
// boundary: libpcap, zlib, read(2), files, sockets, signals), warnings are errors.
let strict: [SwiftSetting] = common + [.strictMemorySafety(), .treatAllWarnings(as: .error)]

let package = Package(
    name: "probehound",
    products: [
        .executable(name: "probehound", targets: ["probehound"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The `--metrics-listen` scrape endpoint: SwiftNIO's HTTP/1 server, not a hand-written parser.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        // zlib from Debian: `.pcap.gz` / `.pcapng.gz` and gzip streams on standard input, read as they decompress.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Value types every stage shares: addresses, timestamps, observations, skip reasons.
        .target(name: "ProbeHoundCore", swiftSettings: strict),
        // One decoder per protocol, reading a Span in place.
        .target(name: "PacketDecoding", dependencies: ["ProbeHoundCore"], swiftSettings: strict),
        // The only module that talks to libpcap and turns its memory into Spans.
        .target(name: "Capture", dependencies: ["CPcap", "CZlib", "ProbeHoundCore", "PacketDecoding"], swiftSettings: strict),
        // One parser per log format, reading each line as a Span in place.
        .target(name: "FirewallLogs", dependencies: ["ProbeHoundCore"], swiftSettings: strict),
        .target(name: "Detection", dependencies: ["ProbeHoundCore"], swiftSettings: strict),
        // Rounding numbers for JSON and SVG calls libm, which executables without Foundation do not pull in.
        .target(name: "Reporting", dependencies: ["ProbeHoundCore", "Detection"], swiftSettings: strict, linkerSettings: [.linkedLibrary("m")]),
        // Wires a source to the decoder, detector and counters: the engine `read`, `live` and `logs` share.
        // It knows no output format (observations go to an `ObservationSink`).
        .target(name: "Engine", dependencies: ["ProbeHoundCore", "PacketDecoding", "Capture", "FirewallLogs", "Detection"],
                swiftSettings: strict),
        .executableTarget(name: "probehound", dependencies: [
            "ProbeHoundCore", "Capture", "FirewallLogs", "Detection", "Reporting", "Engine",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ], swiftSettings: strict),
        .executableTarget(name: "FuzzPacketDecoding", dependencies: ["ProbeHoundCore", "PacketDecoding"],
                          path: "Fuzz/FuzzPacketDecoding", swiftSettings: common),
        .testTarget(name: "PacketDecodingTests", dependencies: ["ProbeHoundCore", "PacketDecoding"], swiftSettings: common),
        .testTarget(name: "FirewallLogsTests", dependencies: ["ProbeHoundCore", "FirewallLogs"], exclude: ["Fixtures", "README.md"],
                    swiftSettings: common),
        .executableTarget(name: "FuzzFirewallLogs", dependencies: ["ProbeHoundCore", "FirewallLogs"],
                          path: "Fuzz/FuzzFirewallLogs", swiftSettings: common),
        .executableTarget(name: "FuzzCaptureFiles", dependencies: ["ProbeHoundCore", "PacketDecoding", "Capture"],
                          path: "Fuzz/FuzzCaptureFiles", swiftSettings: common),
        .executableTarget(name: "FuzzSettingsFiles", dependencies: ["ProbeHoundCore", "Detection", "Reporting"],
                          path: "Fuzz/FuzzSettingsFiles", swiftSettings: common),
        .testTarget(name: "DetectionTests", dependencies: ["ProbeHoundCore", "Detection"], swiftSettings: common),
        .testTarget(name: "EndToEndTests", dependencies: ["ProbeHoundCore", "PacketDecoding", "Capture", "FirewallLogs", "Detection", "Reporting", "Engine"],
                    exclude: ["ECS", "Regressions"], swiftSettings: common),
    ]
)
