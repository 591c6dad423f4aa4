import Capture
#if canImport(Glibc)
import Glibc
#endif

/// Where output files are created: never through a symlink, never over an input.
enum OutputPath {
    /// What one `stat` (following symlinks, as reading would) says about an existing file.
    struct Existing: Equatable {
        /// Device and inode: two paths naming the same file agree on them.
        let device: UInt64
        let inode: UInt64
        /// A device, FIFO or socket: output goes into it, not over it.
        let isSpecial: Bool
    }

    /// The file at `path`, nil when there is none.
    static func existing(_ path: String) -> Existing? {
        var info = stat()
        guard unsafe stat(path, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        return Existing(device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
                        isSpecial: type == S_IFCHR || type == S_IFIFO || type == S_IFSOCK || type == S_IFBLK)
    }

    /// A new file in the directory of `path`, named after it, created with `O_EXCL | O_NOFOLLOW` and
    /// mode 0644: an existing file or a planted symlink of that name is never opened.
    static func createTemporary(beside path: String) throws(InputError) -> (Int32, String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var lastError: Int32 = 0
        for _ in 0..<16 {
            let random = UInt64.random(in: 0...UInt64.max)
            let temporary = directory + "." + base + "." + String(random, radix: 36) + ".tmp"
            let descriptor = unsafe open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return (descriptor, temporary) }
            lastError = errno
            if lastError != EEXIST { break }
        }
        throw InputError("\(path): cannot write: \(lastSystemError(lastError))")
    }
}
