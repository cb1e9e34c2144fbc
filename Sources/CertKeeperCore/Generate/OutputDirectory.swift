import CertKeeperBase
import Foundation

/// The directory `cert create --out-dir` writes into. A missing one is created, with its
/// missing parents, mode 0700: it is about to hold a private key. An existing directory is
/// used as it is.
public enum OutputDirectory {
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    public static func create(_ path: String) throws(CoreError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw CoreError(.notAFile, "--out-dir \(path) exists and is not a directory")
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try create(parent) }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw CoreError(FileReader.error(errno: errno, path: path, action: "create"))
        }
        chmod(path, 0o700)  // umask may have narrowed it; never wider than asked
    }
}
