#if canImport(Glibc)
import Glibc
#endif

/// Gives up root once the capture is open, the way `tcpdump -Z user` does: supplementary groups,
/// then the group, then the user (in that order, since only root may change the first two).
public enum PrivilegeDrop {
    /// Who the process runs as, printed after the drop so an operator can check it.
    public struct Identity: Sendable, Equatable {
        /// Real and effective user.
        public var uid: UInt32
        /// Real and effective group.
        public var gid: UInt32
        /// Supplementary groups (none after a drop).
        public var groups: [UInt32]
    }

    /// Drops to `user`'s uid, gid and no supplementary groups; an error when the user is unknown or a step fails (never half-dropped silently).
    public static func drop(to user: String) throws(CaptureError) -> Identity {
        guard let entry = unsafe getpwnam(user) else {
            throw CaptureError(input: user, message: "no such user")
        }
        let uid = unsafe entry.pointee.pw_uid, gid = unsafe entry.pointee.pw_gid
        guard unsafe initgroups(user, gid) == 0 else { throw failure(user, "initgroups") }
        guard setgid(gid) == 0 else { throw failure(user, "setgid") }
        guard setuid(uid) == 0 else { throw failure(user, "setuid") }
        // A process that could regain root has not dropped it.
        if uid != 0 && (setuid(0) == 0 || seteuid(0) == 0) {
            throw CaptureError(input: user, message: "root could be regained after setuid; refusing to continue")
        }
        return current()
    }

    /// The identity now.
    public static func current() -> Identity {
        let count = getgroups(0, nil)
        var groups = [gid_t](repeating: 0, count: Int(max(0, count)))
        let filled = unsafe getgroups(count, &groups)
        return Identity(uid: getuid(), gid: getgid(), groups: Array(groups.prefix(Int(max(0, filled)))).sorted())
    }

    private static func failure(_ user: String, _ call: String) -> CaptureError {
        CaptureError(input: user, message: "\(call) failed: \(lastSystemError())")
    }
}
