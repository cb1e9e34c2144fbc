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

    public func write(_ bytes: [UInt8], to path: String, mode: Mode) throws(CoreError) {
        try stream(to: path, mode: mode) { (output) throws(CoreError) in try output.write(bytes) }
    }

    /// Like `write`, for output produced piece by piece (a large report): `produce` writes
    /// into the temporary file, which replaces `path` only once everything succeeded.
    public func stream(to path: String, mode: Mode, _ produce: (ByteStream) throws(CoreError) -> Void) throws(CoreError) {
        switch try destination(of: path) {
        case .standardOutput:
            let output = ByteStream.standardOutput()
            try produce(output)
            try output.flush()
        case .writeThrough(let node):
            try writeThrough(node, produce)
        case .newFile(let target):
            try replace(target, mode: mode, exclusive: true, produce)
        case .regularFile(let target):
            try replace(target, mode: mode, exclusive: false, produce)
        }
    }

    /// Where the bytes for `path` go. Only a regular file is ever replaced (and only with
    /// `overwrite`); a symlink keeps its place and the file it points to is the one replaced.
    enum Destination: Equatable {
        /// `-`.
        case standardOutput
        /// A FIFO or character device (a pipe, /dev/null, a terminal): opened and written, never replaced.
        case writeThrough(String)
        /// Nothing there yet.
        case newFile(String)
        /// An existing regular file (the resolved target when `path` is a symlink).
        case regularFile(String)
    }

    func destination(of path: String) throws(CoreError) -> Destination {
        if path == "-" { return .standardOutput }
        var status = stat()
        guard lstat(path, &status) == 0 else {
            guard errno == ENOENT else { throw FileReader.error(errno: errno, path: path, action: "write") }
            return .newFile(path)
        }
        var target = path
        if (status.st_mode & S_IFMT) == S_IFLNK {
            guard stat(path, &status) == 0 else {
                throw CoreError(.notAFile, "\(path) is a symlink to a missing or unreachable file: give the real path")
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
                throw CoreError(.fileExists, "\(path) already exists: choose another path or pass --force to replace it")
            }
            return .regularFile(target)
        case S_IFIFO, S_IFCHR:
            return .writeThrough(path)
        case S_IFDIR:
            throw CoreError(.notAFile, "\(path) is a directory: give a file path")
        default:
            throw CoreError(.notAFile, "\(path) is \(FileWalker.kind(of: status.st_mode)): certkeeper writes only to regular files, FIFOs and character devices")
        }
    }

    /// Opens an existing FIFO or character device for writing (no O_CREAT, no O_TRUNC: the
    /// node stays what it is) and streams into it.
    private func writeThrough(_ path: String, _ produce: (ByteStream) throws(CoreError) -> Void) throws(CoreError) {
        let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileReader.error(errno: errno, path: path, action: "write") }
        defer { close(descriptor) }
        var status = stat()
        // It could have been swapped for something else since it was examined.
        guard fstat(descriptor, &status) == 0, [S_IFIFO, S_IFCHR].contains(status.st_mode & S_IFMT) else {
            throw CoreError(.notAFile, "\(path) changed while it was being opened: nothing was written")
        }
        let output = ByteStream(descriptor: descriptor, name: path)
        try produce(output)
        try output.flush()
    }

    /// Temporary file, fsync, then `link` (a new file: fails if one appeared meanwhile) or
    /// `rename` (replacing a regular file).
    private func replace(_ path: String, mode: Mode, exclusive: Bool, _ produce: (ByteStream) throws(CoreError) -> Void) throws(CoreError) {
        let parent = Self.parentDirectory(of: path)
        let temporary = try createTemporaryFile(in: parent, mode: mode)
        var committed = false
        defer { if !committed { unlink(temporary.path) } }
        try fill(temporary.descriptor, destination: path, produce)
        if !exclusive {
            // Checked again just before the rename: never replace what is no longer a regular file.
            var status = stat()
            if lstat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
                throw CoreError(.notAFile, "\(path) is no longer a regular file: nothing was replaced")
            }
            guard rename(temporary.path, path) == 0 else {
                throw FileReader.error(errno: errno, path: path, action: "write")
            }
        } else {
            guard link(temporary.path, path) == 0 else {
                if errno == EEXIST {
                    throw CoreError(.fileExists, "\(path) already exists: choose another path or pass --force to replace it")
                }
                throw FileReader.error(errno: errno, path: path, action: "write")
            }
            unlink(temporary.path)
        }
        committed = true
        syncDirectory(parent)
    }

    /// Refuses early, before any expensive work, when a destination cannot be written:
    /// it exists (without overwrite) or is not a file certkeeper writes to, or its directory
    /// is missing.
    public func checkWritable(_ paths: [String]) throws(CoreError) {
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
                throw CoreError(.fileNotFound, "the directory of \(path) does not exist")
            }
            guard access(parent, W_OK) == 0 else {
                throw CoreError(.permissionDenied, "permission denied: cannot write in \(parent)")
            }
        }
    }

    /// Writes several files as a unit: if one fails, those already written are removed.
    public func writeAll(_ files: [(path: String, bytes: [UInt8], mode: Mode)]) throws(CoreError) {
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

    private func createTemporaryFile(in directory: String, mode: Mode) throws(CoreError) -> (path: String, descriptor: Int32) {
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
        throw CoreError(.io, "could not create a temporary file in \(directory)")
    }

    private func fill(_ descriptor: Int32, destination: String, _ produce: (ByteStream) throws(CoreError) -> Void) throws(CoreError) {
        defer { close(descriptor) }
        let output = ByteStream(descriptor: descriptor, name: destination)
        try produce(output)
        try output.flush()
        guard fsync(descriptor) == 0 else { throw FileReader.error(errno: errno, path: destination, action: "write") }
    }

    private func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The directory part of `path`, "." for a bare file name. (swift-corelibs-foundation's
    /// `NSString.deletingLastPathComponent` crashes on a bare name such as "out.pem".)
    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }
}
