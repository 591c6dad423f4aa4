#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the user's arguments into capture files: a directory stands for its regular files in name
/// order, rotated files oldest first the way logrotate numbers them (`x.log.2.gz`, `x.log.1`,
/// `x.log`), `-` for standard input.
public enum InputExpansion {
    /// Files for the arguments: a directory gives its files (rotated ones oldest first), `-` stays standard input; an unreadable path is an error naming it.
    public static func expand(_ arguments: [String]) throws(CaptureError) -> [String] {
        var files: [String] = []
        for argument in arguments {
            if argument == "-" { files.append(argument); continue }
            var info = stat()
            guard unsafe stat(argument, &info) == 0 else {
                throw CaptureError(input: argument, message: lastSystemError())
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                files.append(contentsOf: try directoryFiles(argument))
            } else {
                files.append(argument)
            }
        }
        return files
    }

    private static func directoryFiles(_ directory: String) throws(CaptureError) -> [String] {
        guard let handle = unsafe opendir(directory) else {
            throw CaptureError(input: directory, message: lastSystemError())
        }
        defer { unsafe closedir(handle) }
        var names: [String] = []
        while let entry = unsafe readdir(handle) {
            let name = unsafe withUnsafeBytes(of: entry.pointee.d_name) { raw in
                unsafe String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var info = stat()
            if unsafe stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG { names.append(path) }
        }
        guard !names.isEmpty else { throw CaptureError(input: directory, message: "directory holds no files") }
        return names.sorted { rotationOrder($0) < rotationOrder($1) }
    }

    /// The name without a compression suffix and rotation number, and the rotation number negated
    /// (a higher number is older, so it sorts first; the current file has none: 0).
    static func rotationOrder(_ path: String) -> (String, Int, String) {
        var name = Substring(path)
        for suffix in [".gz", ".bz2", ".xz", ".zst"] where name.hasSuffix(suffix) { name = name.dropLast(suffix.count) }
        if let dot = name.lastIndex(of: "."), let number = Int(name[name.index(after: dot)...]), number >= 0,
           name[name.index(after: dot)...].allSatisfy(\.isNumber) {
            return (String(name[..<dot]), -number, path)
        }
        return (String(name), 0, path)
    }
}
