#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the user's arguments into capture files: a directory stands for its regular files in name
/// order (rotated captures sort by their suffix), `-` for standard input.
public enum InputExpansion {
    public static func expand(_ arguments: [String]) throws(CaptureError) -> [String] {
        var files: [String] = []
        for argument in arguments {
            if argument == "-" { files.append(argument); continue }
            var info = stat()
            guard stat(argument, &info) == 0 else {
                throw CaptureError(input: argument, message: String(cString: strerror(errno)))
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
        guard let handle = opendir(directory) else {
            throw CaptureError(input: directory, message: String(cString: strerror(errno)))
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var info = stat()
            if stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG { names.append(path) }
        }
        guard !names.isEmpty else { throw CaptureError(input: directory, message: "directory holds no files") }
        return names.sorted()
    }
}
