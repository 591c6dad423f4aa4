public import Capture
import Detection
import Dispatch
import PacketDecoding
public import ProbeHoundCore
import Synchronization

/// `--workers N`: one capture thread per PACKET_FANOUT socket of the interface, each decoding and
/// filtering its share of the frames on its own core, and one detector fed only what it may use
/// through a bounded queue (a batch per poll of each worker). The detector's thread (the caller's)
/// drains the queue, re-decodes those frames and judges; frame counts are the workers', summed.
///
/// Each worker's capture and consumer live inside a `Mutex` its thread holds for the whole run, so
/// no capture state is ever shared; the threads exchange only `Sendable` batches and counts.
public final class LiveWorkers {
    private final class Shared: Sendable {
        let queue: Mutex<Queue>
        let stopping = Atomic<Bool>(false)
        let arrived = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        /// Frames the queue may hold before a worker's batch is refused (and counted as dropped).
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            queue = Mutex(Queue())
        }
    }

    private struct Queue {
        var batches: [ForwardedBatch] = []
        var frames = 0
    }

    private struct WorkerState {
        var capture: LiveCapture
        var consumer: CaptureWorker
        let input: Int32
    }

    /// What a worker's thread publishes: how its capture opened, then after each poll its counts
    /// and libpcap's for its socket.
    private final class Published: Sendable {
        let counts = Mutex(RunSummary())
        let opened = Mutex<Result<(banner: String, linkType: LinkType), CaptureError>?>(nil)
    }

    private let shared: Shared
    private let published: [Published]
    /// The decoder the detector's thread re-decodes forwarded frames with.
    public let decoder: PacketDecoder
    /// tcpdump's start line for the first worker's socket.
    public let banner: String

    /// Starts `count` threads, each opening its own capture with `open(i)` (so no capture crosses
    /// threads) and polling it; returns once all are open, or throws the first failure after
    /// stopping the others. `inputs[i]` is worker i's input index (its frames' origin).
    public init(count: Int, open: @escaping @Sendable (Int) throws(CaptureError) -> LiveCapture, inputs: [Int32],
                config: DetectionConfig, forwardsEverything: Bool, queueCapacity: Int = 1 << 16) throws(CaptureError) {
        let shared = Shared(capacity: queueCapacity)
        self.shared = shared
        let published = (0..<count).map { _ in Published() }
        self.published = published
        let opening = DispatchGroup()
        for index in 0..<count {
            let board = published[index]
            let input = inputs[index]
            shared.finished.enter()
            opening.enter()
            DispatchQueue(label: "probehound.capture-worker.\(index)").async {
                defer { shared.finished.leave() }
                let capture: LiveCapture
                do throws(CaptureError) {
                    capture = try open(index)
                } catch {
                    board.opened.withLock { $0 = .failure(error) }
                    opening.leave()
                    return
                }
                board.opened.withLock { $0 = .success((capture.banner, capture.linkType)) }
                opening.leave()
                var state = WorkerState(capture: capture, consumer: CaptureWorker(config: config, forwardsEverything: forwardsEverything), input: input)
                LiveWorkers.run(&state, shared: shared, board: board)
            }
        }
        opening.wait()
        var first: (banner: String, linkType: LinkType)? = nil
        for board in published {
            switch board.opened.withLock({ $0 }) {
            case .failure(let error)?:
                shared.stopping.store(true, ordering: .relaxed)
                shared.finished.wait()
                throw error
            case .success(let opened)?:
                if first == nil { first = opened }
            case nil:
                break
            }
        }
        banner = first?.banner ?? ""
        decoder = PacketDecoder(linkType: first?.linkType ?? .unsupported(0), tunnelPorts: config.tunnelPorts)
    }

    private static func run(_ state: inout WorkerState, shared: Shared, board: Published) {
        while !shared.stopping.load(ordering: .relaxed) {
            do {
                _ = try state.capture.poll(timeoutMilliseconds: 100, input: state.input, consumer: state.consumer)
            } catch {
                state.consumer.counts.inputErrors.append("\(error)")
                shared.stopping.store(true, ordering: .relaxed)
            }
            let batch = state.consumer.takeBatch()
            if !batch.isEmpty {
                let accepted = shared.queue.withLock { queue in
                    guard queue.frames + batch.count <= shared.capacity else { return false }
                    queue.frames += batch.count
                    queue.batches.append(batch)
                    return true
                }
                if accepted { shared.arrived.signal() } else { state.consumer.counts.queueDropped += batch.count }
            }
            var counts = state.consumer.counts
            if let statistics = state.capture.statistics() {
                counts.captureReceived = Int(statistics.received)
                counts.captureDropped = Int(statistics.dropped)
                counts.captureInterfaceDropped = Int(statistics.interfaceDropped)
            }
            board.counts.withLock { $0 = counts }
        }
    }

    /// Waits up to `timeoutMilliseconds` for frames, then hands every queued batch to `analyzer`
    /// and brings its frame counts up to date. Returns the frames handed over.
    @discardableResult
    public func drain(into analyzer: PacketAnalyzer, timeoutMilliseconds: Int) -> Int {
        _ = shared.arrived.wait(timeout: .now() + .milliseconds(timeoutMilliseconds))
        let batches = shared.queue.withLock { queue in
            defer { queue.batches.removeAll(); queue.frames = 0 }
            return queue.batches
        }
        var frames = 0
        for batch in batches {
            analyzer.consumeForwarded(batch, decoder: decoder)
            frames += batch.count
        }
        analyzer.takeFrameCounts(counts)
        return frames
    }

    /// How many capture workers run.
    public var count: Int { published.count }

    /// Each worker's counts as last published.
    public var counts: [RunSummary] { published.map { board in board.counts.withLock { $0 } } }

    /// True once a worker's capture failed (the interface went away): the run should end.
    public var failed: Bool { shared.stopping.load(ordering: .relaxed) }

    /// Stops the threads, waits for them, and takes what they passed on last.
    public func stop(into analyzer: PacketAnalyzer) {
        shared.stopping.store(true, ordering: .relaxed)
        shared.finished.wait()
        drain(into: analyzer, timeoutMilliseconds: 0)
    }
}
