import Engine
import Detection
import Prometheus
import ProbeHoundCore
import Reporting
#if canImport(Glibc)
import Glibc
#endif

/// Live mode's sensor health in the Prometheus text format (swift-prometheus): packets, bytes,
/// drops, observations, skips by reason, endpoints, findings by kind, evictions. Written as a
/// node_exporter textfile (`--metrics-file`, replaced atomically: write, then rename, so the
/// exporter never reads half of it) and/or published to the scrape endpoint (`--metrics-listen`).
final class SensorMetrics {
    private let registry = PrometheusCollectorRegistry()
    private let path: String?
    private let exposition: MetricsExposition?
    private let interface: String
    /// Counters take increments: the last totals written, to add only what is new.
    private var previous: [String: Int] = [:]
    private var counters: [String: Counter] = [:]
    private var gauges: [String: Gauge] = [:]

    init(path: String?, exposition: MetricsExposition?, interface: String) {
        self.path = path
        self.exposition = exposition
        self.interface = interface
    }

    /// `workers` are the capture workers' own counts (`--workers` above 1), reported per worker.
    func update(_ summary: RunSummary, findings: [Finding], workers: [RunSummary] = []) {
        count("packets", "Packets read from the interface.", summary.packets)
        count("bytes", "Bytes of the packets as captured.", summary.bytes)
        count("observations", "Packets decoded into observations.", summary.observations)
        for reason in SkipReason.allCases {
            count("skipped", "Packets not decoded, by reason.", summary.skipped[reason], label: ("reason", reason.name))
        }
        count("duplicates", "Copies of a packet counted once.", summary.duplicates)
        count("evictions", "Endpoints evicted at the state bound, by segment.", summary.evictedFromProbation, label: ("segment", "probation"))
        count("evictions", "Endpoints evicted at the state bound, by segment.", summary.evictedFromProtected, label: ("segment", "protected"))
        count("not_admitted", "New endpoints refused on their first sighting while the state table was full.", summary.notAdmitted)
        count("expired", "Endpoints forgotten after idling.", summary.expired)
        count("pcap_received", "libpcap ps_recv.", summary.captureReceived ?? 0)
        count("pcap_dropped", "libpcap ps_drop: dropped for lack of buffer space.", summary.captureDropped ?? 0)
        count("pcap_interface_dropped", "libpcap ps_ifdrop: dropped by the interface.", summary.captureInterfaceDropped ?? 0)
        count("queue_dropped", "Frames capture workers passed on that the detector's queue had no room for.", summary.queueDropped)
        for (index, worker) in workers.enumerated() {
            let label = ("worker", String(index + 1))
            count("worker_packets", "Packets read by each capture worker.", worker.packets, label: label)
            count("worker_pcap_dropped", "libpcap ps_drop of each capture worker's socket.", worker.captureDropped ?? 0, label: label)
            count("worker_queue_dropped", "Frames each capture worker could not hand to the detector.", worker.queueDropped, label: label)
        }
        gauge("endpoints", "Endpoints tracked now.", Double(summary.endpoints))
        gauge("findings", "Endpoints flagged so far.", Double(findings.count))
        for kind in ProbeKind.allCases {
            gauge("findings_by_kind", "Flagged endpoints whose finding has this kind.",
                  Double(findings.filter { $0.kinds.contains(kind) }.count), label: ("kind", kind.rawValue))
        }
        for severity in [Finding.Severity.high, .medium, .low] {
            gauge("findings_by_severity", "Flagged endpoints by severity.",
                  Double(findings.filter { $0.severity == severity }.count), label: ("severity", severity.rawValue))
        }
    }

    /// Publishes the exposition to the scrape endpoint and writes it to `path` through a new
    /// temporary file in the same directory (`O_EXCL | O_NOFOLLOW`, so a symlink planted in a shared
    /// directory is never followed).
    func write() throws {
        let text = registry.emitToString()
        exposition?.publish(text)
        guard let path else { return }
        let file = try FileOutput.open(path)
        file.write(text)
        try file.commit(durable: false)
    }

    private func labels(_ extra: (String, String)?) -> [(String, String)] {
        [("interface", interface)] + (extra.map { [$0] } ?? [])
    }

    /// `probehound_<name>_total`.
    private func count(_ name: String, _ help: String, _ total: Int, label: (String, String)? = nil) {
        let key = name + (label.map { "|\($0.1)" } ?? "")
        let descriptor = MetricNameDescriptor(namespace: "probehound", metricName: name, unitName: "total", helpText: help)
        let counter = counters[key] ?? registry.makeCounter(descriptor: descriptor, labels: labels(label))
        counters[key] = counter
        let delta = total - (previous[key] ?? 0)
        if delta > 0 { counter.increment(by: Int64(delta)) }
        previous[key] = total
    }

    /// `probehound_<name>`.
    private func gauge(_ name: String, _ help: String, _ value: Double, label: (String, String)? = nil) {
        let key = name + (label.map { "|\($0.1)" } ?? "")
        let descriptor = MetricNameDescriptor(namespace: "probehound", metricName: name, unitName: "", helpText: help)
        let gauge = gauges[key] ?? registry.makeGauge(descriptor: descriptor, labels: labels(label))
        gauges[key] = gauge
        gauge.set(to: value)
    }
}
