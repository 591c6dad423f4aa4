import Engine
import ArgumentParser
import Capture
import Detection
import ProbeHoundCore
import Reporting
#if canImport(Glibc)
import Glibc
#endif

/// `probehound live`: sniff an interface (a span port) and report probers as they cross a threshold.
struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Capture on an interface and report endpoints probing Internet reachability as they qualify.",
        discussion: """
        Where output goes: the chosen --format goes to --output (default: standard output).
        table (the default): the table, with its time, every --report-every seconds when findings
        changed, and at the end. ndjson, ecs: one line per finding when it qualifies and again when
        it grows (ndjson ends with the summary line). csv, html: the whole report at the end.
        Metrics: --metrics-file (a node_exporter textfile) and --metrics-listen (http://HOST:PORT/metrics).
        Messages, the start banner and statistics go to standard error.
        SIGUSR1 prints the statistics and goes on; SIGHUP reopens --output (after logrotate moved it;
        the metrics file is replaced every second anyway); SIGINT/SIGTERM, --duration or --packet-count end
        the run with a summary that includes libpcap's own counters (ps_recv, ps_drop, ps_ifdrop).
        """
    )

    @Option(name: .shortAndLong, help: "Interface to capture on (see 'probehound interfaces').")
    var interface: String

    @Option(name: .long, help: "BPF filter expression, compiled by libpcap and run in the kernel.")
    var filter: String?

    @Option(name: .long, help: "Bytes captured per packet.")
    var snaplen: Int32 = 262_144

    @Option(name: .customLong("buffer-size"), help: "Kernel capture buffer in MiB.")
    var bufferSize: Int = 64

    @Flag(name: .customLong("no-promiscuous"), help: "Do not put the interface in promiscuous mode.")
    var noPromiscuous = false

    @Flag(name: .long, help: "Deliver each packet as it arrives (a wake-up per packet) instead of in blocks of the capture ring.")
    var immediate = false

    @Option(name: .customLong("metrics-file"), help: "Write sensor metrics in the Prometheus text format to this file every second (a node_exporter textfile).")
    var metricsFile: String?

    @Option(name: .customLong("metrics-listen"), help: ArgumentHelp("Serve the same metrics over HTTP at http://HOST:PORT/metrics for Prometheus to scrape (:9101 for every IPv4 address, [::1]:9101, port 0 for any free one).", valueName: "host:port"))
    var metricsListen: String?

    @Option(name: .customLong("write-evidence"), help: ArgumentHelp("Write the frames each finding cites to this pcapng file as the endpoint qualifies and as its finding grows, each with a comment naming the endpoint and why (kept from a ring per endpoint: evidence_ring_packets, evidence_ring_bytes).", valueName: "file.pcapng"))
    var writeEvidence: String?

    @Option(name: .customLong("report-every"), help: "Seconds between table reports (0: only at the end).")
    var reportEvery: Double = 60

    @Option(name: .long, help: "Stop after this many seconds.")
    var duration: Double?

    @Option(name: .customLong("packet-count"), help: "Stop after this many packets.")
    var packetCount: Int?

    @Option(name: .long, help: ArgumentHelp("Capture workers sharing the interface through PACKET_FANOUT, each decoding and filtering its share on its own thread for one detector (default: the cores available; 1 reads on the detector's thread).", valueName: "n"))
    var workers: Int?

    @Option(name: .long, help: "Drop root privileges to this user once the capture is open (like tcpdump -Z).")
    var user: String?

    @OptionGroup var options: DetectionOptions

    func validate() throws {
        guard snaplen > 0 else { throw ValidationError("--snaplen must be positive") }
        if bufferSize <= 0 { throw ValidationError("--buffer-size must be positive") }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
        if let packetCount, packetCount <= 0 { throw ValidationError("--packet-count must be positive") }
        if let workers, !(1...64).contains(workers) { throw ValidationError("--workers must be between 1 and 64") }
        guard reportEvery >= 0 else { throw ValidationError("--report-every must not be negative") }
        if let metricsListen, ListenAddress(metricsListen) == nil {
            throw ValidationError("--metrics-listen takes HOST:PORT (for example 127.0.0.1:9101, [::1]:9101 or :9101), not '\(metricsListen)'")
        }
    }

    func run() throws {
        let config = try options.detectionConfig()
        var captureOptions = LiveCaptureOptions()
        captureOptions.snapshotLength = snaplen
        captureOptions.bufferSizeMiB = bufferSize
        captureOptions.promiscuous = !noPromiscuous
        captureOptions.immediate = immediate
        captureOptions.filter = filter
        captureOptions.tunnelPorts = config.tunnelPorts
        // The output is opened while still privileged, so it can live where the dropped user cannot write.
        let output = try FileOutput.openStreaming(options.output)
        let evidenceOutput = try writeEvidence.map { try FileOutput.openStreaming($0) }
        let destination = try FindingOutput(options: options, output: output, interface: interface)
        let sink = options.emit == .observations ? ObservationLines(output) : nil
        let analyzer = PacketAnalyzer(config: config, observationSink: sink)
        let source: LiveSource
        do {
            source = try LiveSource.open(interface: interface, options: captureOptions, workers: workers ?? LiveCommand.availableCores,
                                         analyzer: analyzer, forwardsEverything: options.emit == .observations)
        } catch {
            var message = error.description
            if let devices = try? CaptureDevice.all(), !devices.isEmpty {
                message += "\navailable interfaces:\n" + InterfacesCommand.listing(devices)
            }
            throw InputError(message)
        }
        FileOutput.standardError.line("probehound: \(source.banner)")
        // Bound while still privileged (a port below 1024 is allowed); served on its own thread.
        let exposition = metricsListen.map { _ in MetricsExposition() }
        let server = try metricsListen.flatMap(ListenAddress.init).map { try MetricsServer(listen: $0, exposition: exposition!) }
        defer { server?.shutdown() }
        if let server { FileOutput.standardError.line("probehound: serving metrics at http://\(server.boundAddress)/metrics") }
        FileOutput.standardError.flush()
        try dropPrivileges()
        installStopSignals()

        if let evidenceOutput {
            analyzer.evidenceRecorder = LiveEvidenceRecorder(packetsPerEndpoint: config.evidenceRingPackets, byteBudget: config.evidenceRingBytes) {
                evidenceOutput.write(bytes: $0)
            }
        }
        let metrics = metricsFile != nil || exposition != nil ? SensorMetrics(path: metricsFile, exposition: exposition, interface: interface) : nil
        let outputs = LiveOutputs(analyzer: analyzer, source: source, options: options, output: output, destination: destination,
                                  evidence: evidenceOutput, metrics: metrics)
        try outputs.writeMetrics()
        let loop = LiveRun(duration: duration, packetCount: packetCount, reportEvery: outputs.table == nil ? 0 : reportEvery)
        let signals = LiveSignals(stop: { stopRequested.isRaised }, reopen: { reopenRequested.take() }, statistics: { statisticsRequested.take() })
        if let failure = try loop.run(source, into: analyzer, outputs: outputs, signals: signals) {
            FileOutput.standardError.line("probehound: \(failure)")
        }
        source.stop(analyzer)
        let findings = try outputs.finish()
        try output.commit()
        if options.emit == .findings && !findings.isEmpty { throw ExitCode(1) }
    }

    /// The cores this process may run on: `--workers`' default.
    static var availableCores: Int {
        min(64, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    }

    private func dropPrivileges() throws {
        if let user {
            do {
                let identity = try PrivilegeDrop.drop(to: user)
                FileOutput.standardError.line("probehound: running as uid \(identity.uid) gid \(identity.gid) groups \(identity.groups)")
            } catch {
                throw InputError("cannot drop privileges to '\(user)': \(error.message)")
            }
        } else if getuid() == 0 {
            FileOutput.standardError.line("probehound: warning: running as root; use --user NAME to drop privileges after the capture opens")
        }
    }
}
