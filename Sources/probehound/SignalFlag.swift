#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A flag a signal handler raises and the capture loop takes down: a lock-free atomic, so setting
/// it is async-signal-safe and reading it needs no `unsafe`.
final class SignalFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    func raise() { raised.store(true, ordering: .relaxed) }

    var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// True once per raising: reads and lowers the flag.
    func take() -> Bool { raised.exchange(false, ordering: .relaxed) }
}

/// Set by SIGINT/SIGTERM; the capture loop polls it between batches (it wakes at least every 200 ms).
let stopRequested = SignalFlag()
/// Set by SIGUSR1: print the statistics and go on, as tcpdump does.
let statisticsRequested = SignalFlag()
/// Set by SIGHUP: reopen the output file (after logrotate), as daemons do.
let reopenRequested = SignalFlag()

/// Installs the handlers that only set the flags above, and unblocks their signals: a parent may
/// have started us with them blocked (test runners, some supervisors).
func installStopSignals() {
    // Made before any handler can run: a handler must not be the first to touch a lazy global.
    _ = (stopRequested, statisticsRequested, reopenRequested)
    install(SIGINT, restart: false) { _ in stopRequested.raise() }
    install(SIGTERM, restart: false) { _ in stopRequested.raise() }
    install(SIGUSR1, restart: true) { _ in statisticsRequested.raise() }
    install(SIGHUP, restart: true) { _ in reopenRequested.raise() }
    var unblock = sigset_t()
    unsafe sigemptyset(&unblock)
    for signal in [SIGINT, SIGTERM, SIGUSR1, SIGHUP] { unsafe sigaddset(&unblock, signal) }
    unsafe pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
}

/// `restart`: interrupted system calls resume (the flag is read between batches anyway); without
/// it, a blocking call returns so a stop is noticed at once.
private func install(_ signal: Int32, restart: Bool, _ handler: @convention(c) (Int32) -> Void) {
    var action = sigaction()
    unsafe action.__sigaction_handler.sa_handler = handler
    unsafe sigemptyset(&action.sa_mask)
    action.sa_flags = restart ? SA_RESTART : 0
    unsafe sigaction(signal, &action, nil)
}
