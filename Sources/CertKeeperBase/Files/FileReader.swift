import Foundation

/// Reads input files with errors that say which file and what is wrong with it.
public enum FileReader {
    /// Refuse to slurp anything larger: no certificate, key or PFX comes near this, and a
    /// mistaken path to a disk image should fail fast rather than exhaust memory.
    public static let maximumSize = 16 * 1024 * 1024

    public static func read(_ path: String) throws(BaseError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else { throw error(errno: errno, path: path, action: "read") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            let kind = (status.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file"
            throw BaseError(.notAFile, "\(path) is \(kind): give the path of a certificate, key or PFX file")
        }
        guard status.st_size <= maximumSize else {
            throw BaseError(.invalidInput, "\(path) is \(status.st_size) bytes, larger than any certificate file (limit \(maximumSize))")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw error(errno: errno == 0 ? EACCES : errno, path: path, action: "read")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            return [UInt8](data)
        } catch {
            throw BaseError(.io, "could not read \(path): \(error.localizedDescription)")
        }
    }

    public static func error(errno code: Int32, path: String, action: String) -> BaseError {
        switch code {
        case ENOENT: BaseError(.fileNotFound, "\(path) does not exist")
        case EACCES, EPERM: BaseError(.permissionDenied, "permission denied: cannot \(action) \(path)")
        case EISDIR: BaseError(.notAFile, "\(path) is a directory: give a file path")
        case ENOTDIR: BaseError(.fileNotFound, "\(path): a parent of this path is not a directory")
        default: BaseError(.io, "cannot \(action) \(path): \(String(cString: strerror(code)))")
        }
    }
}
