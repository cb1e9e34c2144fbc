import Foundation

/// Writes files atomically with their final permissions from the first byte.
///
/// Bytes go to a temporary file in the destination's directory (created 0600/0644 with
/// O_EXCL, so nobody can read a key while it is written), are fsynced, then moved into
/// place. Without `overwrite` the move is a `link` that fails if the destination exists, so
/// an existing file is never replaced, even by a race. A failure leaves nothing behind.
///
/// Only regular files are ever replaced. `-` means stdout; an existing FIFO or character
/// device (a pipe, /dev/null, /dev/stdout) is written through; a symlink stays in place and
/// the regular file it points to is replaced (with `overwrite`); anything else is refused.
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
        let identity: (BaseError) -> BaseError = { $0 }
        try stream(to: path, mode: mode, wrapping: identity) { (output) throws(BaseError) in try output.write(bytes) }
    }

    /// Like `write`, for output produced piece by piece (a large report): `produce` writes
    /// into the temporary file, which replaces `path` only once everything succeeded.
    /// `produce` throws its caller's error type; `wrap` turns file failures into it.
    public func stream<Failure: Error>(
        to path: String, mode: Mode, wrapping wrap: (BaseError) -> Failure,
        _ produce: (ByteStream) throws(Failure) -> Void
    ) throws(Failure) {
        let target: Destination
        do { target = try destination(of: path) } catch { throw wrap(error) }
        switch target {
        case .standardOutput:
            try writeThrough(ByteStream.standardOutput(), wrapping: wrap, produce)
        case .writeThrough(let node):
            let descriptor: Int32
            do { descriptor = try openExisting(node) } catch { throw wrap(error) }
            defer { close(descriptor) }
            try writeThrough(ByteStream(descriptor: descriptor, name: node), wrapping: wrap, produce)
        case .newFile(let file):
            try replace(file, mode: mode, exclusive: true, wrapping: wrap, produce)
        case .regularFile(let file):
            try replace(file, mode: mode, exclusive: false, wrapping: wrap, produce)
        }
    }

    /// Where the bytes for `path` go. Only a regular file is ever replaced (and only with
    /// `overwrite`); a symlink keeps its place and the file it points to is the one replaced.
    package enum Destination: Equatable {
        /// `-`.
        case standardOutput
        /// A FIFO or character device (a pipe, /dev/null, a terminal): opened and written, never replaced.
        case writeThrough(String)
        /// Nothing there yet.
        case newFile(String)
        /// An existing regular file (the resolved target when `path` is a symlink).
        case regularFile(String)
    }

    package func destination(of path: String) throws(BaseError) -> Destination {
        if path == "-" { return .standardOutput }
        var status = stat()
        guard lstat(path, &status) == 0 else {
            guard errno == ENOENT else { throw FileReader.error(errno: errno, path: path, action: "write") }
            return .newFile(path)
        }
        var target = path
        if (status.st_mode & S_IFMT) == S_IFLNK {
            guard stat(path, &status) == 0 else {
                throw BaseError(.notAFile, "\(path) is a symlink to a missing or unreachable file: give the real path")
            }
            if (status.st_mode & S_IFMT) == S_IFREG {
                guard let resolved = realpath(path, nil) else { throw FileReader.error(errno: errno, path: path, action: "write") }
                target = String(cString: resolved)
                free(resolved)
            }
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            guard overwrite else {
                throw BaseError(.fileExists, "\(path) already exists: choose another path or pass --force to replace it")
            }
            return .regularFile(target)
        case S_IFIFO, S_IFCHR:
            return .writeThrough(path)
        case S_IFDIR:
            throw BaseError(.notAFile, "\(path) is a directory: give a file path")
        case S_IFBLK:
            throw BaseError(.notAFile, "\(path) is a block device: certkeeper writes only to regular files, FIFOs and character devices")
        default:
            throw BaseError(.notAFile, "\(path) is not a regular file, FIFO or character device: nothing was written")
        }
    }

    /// Opens an existing FIFO or character device for writing (no O_CREAT, no O_TRUNC: the
    /// node stays what it is), checking it is still one once open.
    private func openExisting(_ path: String) throws(BaseError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileReader.error(errno: errno, path: path, action: "write") }
        var status = stat()
        guard fstat(descriptor, &status) == 0, [S_IFIFO, S_IFCHR].contains(status.st_mode & S_IFMT) else {
            close(descriptor)
            throw BaseError(.notAFile, "\(path) changed while it was being opened: nothing was written")
        }
        return descriptor
    }

    private func writeThrough<Failure: Error>(
        _ output: ByteStream, wrapping wrap: (BaseError) -> Failure, _ produce: (ByteStream) throws(Failure) -> Void
    ) throws(Failure) {
        try produce(output)
        do { try output.flush() } catch { throw wrap(error) }
    }

    /// Temporary file, fsync, then `link` (a new file: fails if one appeared meanwhile) or
    /// `rename` (replacing a regular file).
    private func replace<Failure: Error>(
        _ path: String, mode: Mode, exclusive: Bool, wrapping wrap: (BaseError) -> Failure,
        _ produce: (ByteStream) throws(Failure) -> Void
    ) throws(Failure) {
        let parent = Self.parentDirectory(of: path)
        let temporary: (path: String, descriptor: Int32)
        do { temporary = try createTemporaryFile(in: parent, mode: mode) } catch { throw wrap(error) }
        var committed = false
        defer { if !committed { unlink(temporary.path) } }
        try fill(temporary.descriptor, destination: path, wrapping: wrap, produce)
        do { try commit(temporary.path, to: path, exclusive: exclusive) } catch { throw wrap(error) }
        committed = true
        syncDirectory(parent)
    }

    /// Moves the finished temporary file into place: `rename` over a regular file, otherwise
    /// `link`, which fails if the destination appeared meanwhile.
    private func commit(_ temporaryPath: String, to path: String, exclusive: Bool) throws(BaseError) {
        if !exclusive {
            // Checked again just before the rename: never replace what is no longer a regular file.
            var status = stat()
            if lstat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
                throw BaseError(.notAFile, "\(path) is no longer a regular file: nothing was replaced")
            }
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
    /// it exists (without overwrite) or is not a file certkeeper writes to, or its directory
    /// is missing.
    public func checkWritable(_ paths: [String]) throws(BaseError) {
        for path in paths {
            let target: String
            switch try destination(of: path) {
            case .standardOutput, .writeThrough: continue
            case .newFile(let file), .regularFile(let file): target = file
            }
            let directory = Self.parentDirectory(of: target)
            let parent = directory.isEmpty ? "." : directory
            var status = stat()
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
        // Only files this call created are removed again: never a FIFO, device or a file it replaced.
        var created: [String] = []
        do {
            for file in files {
                let isNew = try destination(of: file.path) == .newFile(file.path)
                try write(file.bytes, to: file.path, mode: file.mode)
                if isNew { created.append(file.path) }
            }
        } catch {
            for path in created { unlink(path) }
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
