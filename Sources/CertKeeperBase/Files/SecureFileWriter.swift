import Foundation

/// Writes files atomically with their final permissions from the first byte.
///
/// Bytes go to a temporary file in the destination's directory (created 0600/0644 with
/// O_EXCL, so nobody can read a key while it is written), are fsynced, then moved into
/// place. Without `overwrite` the move is a `link` that fails if the destination exists, so
/// an existing file is never replaced, even by a race. A failure leaves nothing behind.
public struct SecureFileWriter: Sendable {
    public enum Mode: Sendable {
        /// 0600: private keys, PFX files, anything with a secret.
        case privateFile
        /// 0644: certificates and other public material.
        case publicFile

        var permissions: mode_t { self == .privateFile ? 0o600 : 0o644 }
    }

    public let overwrite: Bool

    public init(overwrite: Bool = false) { self.overwrite = overwrite }

    public func write(_ bytes: [UInt8], to path: String, mode: Mode) throws(BaseError) {
        try stream(to: path, mode: mode, wrapping: { $0 }) { (output) throws(BaseError) in try output.write(bytes) }
    }

    /// Like `write`, for output produced piece by piece (a large report): `produce` writes
    /// into the temporary file, which replaces `path` only once everything succeeded.
    /// `produce` throws its caller's error type; `wrap` turns file failures into it.
    public func stream<Failure: Error>(
        to path: String, mode: Mode, wrapping wrap: (BaseError) -> Failure,
        _ produce: (ByteStream) throws(Failure) -> Void
    ) throws(Failure) {
        let temporary: (path: String, descriptor: Int32)
        let parent = Self.parentDirectory(of: path)
        do {
            try checkDestination(path)
            temporary = try createTemporaryFile(in: parent, mode: mode)
        } catch { throw wrap(error) }
        var committed = false
        defer { if !committed { unlink(temporary.path) } }
        try fill(temporary.descriptor, destination: path, wrapping: wrap, produce)
        do { try commit(temporary.path, to: path) } catch { throw wrap(error) }
        committed = true
        syncDirectory(parent)
    }

    private func checkDestination(_ path: String) throws(BaseError) {
        var status = stat()
        if stat(path, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFDIR {
                throw BaseError(.notAFile, "\(path) is a directory: give a file path")
            }
            guard overwrite else {
                throw BaseError(.fileExists, "\(path) already exists: choose another path or pass --force to replace it")
            }
        }
    }

    /// Moves the finished temporary file into place: `rename` when replacing is allowed,
    /// otherwise `link`, which fails if the destination appeared meanwhile.
    private func commit(_ temporaryPath: String, to path: String) throws(BaseError) {
        if overwrite {
            guard rename(temporaryPath, path) == 0 else {
                throw FileReader.error(errno: errno, path: path, action: "write")
            }
        } else {
            guard link(temporaryPath, path) == 0 else {
                if errno == EEXIST {
                    throw BaseError(.fileExists, "\(path) already exists: choose another path or pass --force to replace it")
                }
                throw FileReader.error(errno: errno, path: path, action: "write")
            }
            unlink(temporaryPath)
        }
    }

    /// Refuses early, before any expensive work, when a destination cannot be written:
    /// it exists (without overwrite), is a directory, or its directory is missing.
    public func checkWritable(_ paths: [String]) throws(BaseError) {
        for path in paths {
            var status = stat()
            if stat(path, &status) == 0 {
                if (status.st_mode & S_IFMT) == S_IFDIR {
                    throw BaseError(.notAFile, "\(path) is a directory: give a file path")
                }
                if !overwrite {
                    throw BaseError(.fileExists, "\(path) already exists: choose another path or pass --force to replace it")
                }
            }
            let directory = Self.parentDirectory(of: path)
            let parent = directory.isEmpty ? "." : directory
            guard stat(parent, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
                throw BaseError(.fileNotFound, "the directory of \(path) does not exist")
            }
            guard access(parent, W_OK) == 0 else {
                throw BaseError(.permissionDenied, "permission denied: cannot write in \(parent)")
            }
        }
    }

    /// Writes several files as a unit: if one fails, those already written are removed.
    public func writeAll(_ files: [(path: String, bytes: [UInt8], mode: Mode)]) throws(BaseError) {
        try checkWritable(files.map(\.path))
        var written: [String] = []
        do {
            for file in files {
                try write(file.bytes, to: file.path, mode: file.mode)
                written.append(file.path)
            }
        } catch {
            if !overwrite { for path in written { unlink(path) } }
            throw error
        }
    }

    private func createTemporaryFile(in directory: String, mode: Mode) throws(BaseError) -> (path: String, descriptor: Int32) {
        for _ in 0..<16 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let path = "\(directory)/.certkeeper-tmp-\(suffix)"
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode.permissions)
            if descriptor >= 0 {
                // umask may have narrowed the mode; set it exactly (never wider than asked).
                fchmod(descriptor, mode.permissions)
                return (path, descriptor)
            }
            if errno != EEXIST { throw FileReader.error(errno: errno, path: directory, action: "write in") }
        }
        throw BaseError(.io, "could not create a temporary file in \(directory)")
    }

    private func fill<Failure: Error>(
        _ descriptor: Int32, destination: String, wrapping wrap: (BaseError) -> Failure,
        _ produce: (ByteStream) throws(Failure) -> Void
    ) throws(Failure) {
        defer { close(descriptor) }
        let output = ByteStream(descriptor: descriptor, name: destination)
        try produce(output)
        do { try output.flush() } catch { throw wrap(error) }
        guard fsync(descriptor) == 0 else { throw wrap(FileReader.error(errno: errno, path: destination, action: "write")) }
    }

    private func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The directory part of `path`, "." for a bare file name. (swift-corelibs-foundation's
    /// `NSString.deletingLastPathComponent` crashes on a bare name such as "out.pem".)
    package static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }
}
