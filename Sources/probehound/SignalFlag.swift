#if canImport(Glibc)
import Glibc
#endif

/// Set by SIGINT/SIGTERM; the capture loop polls it between batches (it wakes at least every 200 ms).
nonisolated(unsafe) var stopRequested: sig_atomic_t = 0
/// Set by SIGUSR1: print the statistics and go on, as tcpdump does.
nonisolated(unsafe) var statisticsRequested: sig_atomic_t = 0
/// Set by SIGHUP: reopen the output file (after logrotate), as daemons do.
nonisolated(unsafe) var reopenRequested: sig_atomic_t = 0

/// Installs the handlers that only set the flags above, and unblocks their signals: a parent may
/// have started us with them blocked (test runners, some supervisors).
func installStopSignals() {
    install(SIGINT, restart: false) { _ in stopRequested = 1 }
    install(SIGTERM, restart: false) { _ in stopRequested = 1 }
    install(SIGUSR1, restart: true) { _ in statisticsRequested = 1 }
    install(SIGHUP, restart: true) { _ in reopenRequested = 1 }
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for signal in [SIGINT, SIGTERM, SIGUSR1, SIGHUP] { sigaddset(&unblock, signal) }
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
}

/// `restart`: interrupted system calls resume (the flag is read between batches anyway); without
/// it, a blocking call returns so a stop is noticed at once.
private func install(_ signal: Int32, restart: Bool, _ handler: @convention(c) (Int32) -> Void) {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    sigemptyset(&action.sa_mask)
    action.sa_flags = restart ? SA_RESTART : 0
    sigaction(signal, &action, nil)
}

/// Seconds on the monotonic clock, for durations and report intervals.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
