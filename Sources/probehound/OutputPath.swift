#if canImport(Glibc)
import Glibc
#endif

/// Where output files are created: never through a symlink, never over an input.
enum OutputPath {
    /// Device and inode of an existing file (following symlinks, as reading it would), nil when absent.
    static func identity(_ path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }

    /// True when `path` names an existing device, FIFO or socket: output goes into it, not over it.
    static func isSpecialFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type == S_IFCHR || type == S_IFIFO || type == S_IFSOCK || type == S_IFBLK
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
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return (descriptor, temporary) }
            lastError = errno
            if lastError != EEXIST { break }
        }
        throw InputError("\(path): cannot write: \(String(cString: strerror(lastError)))")
    }
}
