import Foundation

/// A regular file to read, with its stamp: device, inode, size, mtime and ctime. Equal
/// stamps mean the file has not changed since it was last read (ctime cannot be set back by
/// users, so a rewritten file always gets a new stamp).
struct ImportCandidate: Sendable, Hashable {
    let path: String
    let stamp: String

    init(path: String, status: stat) {
        self.path = path
        stamp =
            "\(status.st_dev):\(status.st_ino):\(status.st_size):"
            + "\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec):\(status.st_ctim.tv_sec).\(status.st_ctim.tv_nsec)"
    }
}

/// A file or directory the import could not use, and why (one line for a warning).
public struct ImportSkip: Sendable, Hashable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// Finds the files an import reads: the paths given, and with `recursive` everything under
/// the directories among them. Symlinks are followed, each directory is entered once (so a
/// symlink loop ends), and FIFOs, sockets and devices are reported without being opened (a
/// FIFO would block a reader forever).
struct FileWalker {
    let recursive: Bool

    private struct DirectoryID: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    func walk(_ roots: [String]) -> (files: [ImportCandidate], skipped: [ImportSkip]) {
        var state = WalkState()
        for root in roots {
            let path = Self.absolute(root)
            var status = stat()
            guard stat(path, &status) == 0 else {
                state.skipped.append(ImportSkip(path: path, reason: Self.describe(errno: errno)))
                continue
            }
            visit(path, status: status, depth: 0, state: &state)
        }
        return (state.files, state.skipped)
    }

    private struct WalkState {
        var files: [ImportCandidate] = []
        var skipped: [ImportSkip] = []
        var visitedDirectories: Set<DirectoryID> = []
        var seenFiles: Set<String> = []
    }

    private func visit(_ path: String, status: stat, depth: Int, state: inout WalkState) {
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            if state.seenFiles.insert(path).inserted { state.files.append(ImportCandidate(path: path, status: status)) }
        case S_IFDIR:
            // A directory named on the command line is read one level deep; deeper only with --recursive.
            guard depth == 0 || recursive else { return }
            let id = DirectoryID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
            guard state.visitedDirectories.insert(id).inserted else { return }  // a symlink loop or a second route
            walkDirectory(path, depth: depth, state: &state)
        default:
            state.skipped.append(ImportSkip(path: path, reason: "\(Self.kind(of: status.st_mode)), not a certificate file (not opened)"))
        }
    }

    private func walkDirectory(_ path: String, depth: Int, state: inout WalkState) {
        guard let directory = opendir(path) else {
            state.skipped.append(ImportSkip(path: path, reason: "cannot list the directory: \(Self.describe(errno: errno))"))
            return
        }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = Self.name(of: entry)
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(directory)
        for name in names.sorted() {
            let child = path == "/" ? "/\(name)" : "\(path)/\(name)"
            var status = stat()
            guard stat(child, &status) == 0 else {
                state.skipped.append(ImportSkip(path: child, reason: Self.describe(errno: errno)))
                continue
            }
            visit(child, status: status, depth: depth + 1, state: &state)
        }
    }

    /// The entry's name, read up to its NUL. `d_name` is declared `char[256]`, but a record
    /// is only `d_reclen` bytes long: copying `entry.pointee` reads past the end of the
    /// directory buffer and faults when that buffer ends a mapping.
    static func name(of entry: UnsafePointer<dirent>) -> String {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!  // a stored field: always known
        return String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self))
    }

    static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute =
            expanded.hasPrefix("/")
            ? expanded
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded)
        // Removes `.`, `..` and doubled slashes without resolving symlinks: the recorded path
        // is the one configurations name.
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: "does not exist (or is a broken symlink)"
        case ELOOP: "symlink loop"
        case EACCES, EPERM: "permission denied"
        case ENOTDIR: "a parent of this path is not a directory"
        default: String(cString: strerror(code))
        }
    }

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFDIR: "a directory"
        default: "not a regular file"
        }
    }
}
