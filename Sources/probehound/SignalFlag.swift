#if canImport(Glibc)
import Glibc
#endif

/// Set by SIGINT/SIGTERM; the capture loop polls it between batches (it wakes at least every 200 ms).
nonisolated(unsafe) var stopRequested: sig_atomic_t = 0
/// Set by SIGUSR1: print the statistics and go on, as tcpdump does.
nonisolated(unsafe) var statisticsRequested: sig_atomic_t = 0
/// Set by SIGHUP: reopen the output file (after logrotate), as daemons do.
nonisolated(unsafe) var reopenRequested: sig_atomic_t = 0

func installStopSignals() {
    let handler: @convention(c) (Int32) -> Void = { _ in stopRequested = 1 }
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    sigaction(SIGTERM, &action, nil)
    var statistics = sigaction()
    let statisticsHandler: @convention(c) (Int32) -> Void = { _ in statisticsRequested = 1 }
    statistics.__sigaction_handler.sa_handler = statisticsHandler
    sigemptyset(&statistics.sa_mask)
    statistics.sa_flags = SA_RESTART
    sigaction(SIGUSR1, &statistics, nil)
    var hangup = sigaction()
    let hangupHandler: @convention(c) (Int32) -> Void = { _ in reopenRequested = 1 }
    hangup.__sigaction_handler.sa_handler = hangupHandler
    sigemptyset(&hangup.sa_mask)
    hangup.sa_flags = SA_RESTART
    sigaction(SIGHUP, &hangup, nil)
    // A parent may have started us with these blocked (test runners, some supervisors).
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGINT)
    sigaddset(&unblock, SIGTERM)
    sigaddset(&unblock, SIGUSR1)
    sigaddset(&unblock, SIGHUP)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
}

/// Seconds on the monotonic clock, for durations and report intervals.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
