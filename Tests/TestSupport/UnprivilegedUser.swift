import Foundation

/// Runs the built certkeeper as a user for whom file modes matter. Root reads and writes
/// everything, so a permission case run by root (as CI does) would check nothing: then the
/// command runs as `nobody` through `setpriv`, from a copy of the binary that user can
/// execute (the checkout may be closed to others). Not root: it runs as the current user.
public struct UnprivilegedUser {
    /// nobody:nogroup on Debian.
    public static let uid: uid_t = 65534
    public static let gid: gid_t = 65534

    public static var switchesUser: Bool { geteuid() == 0 }

    let binary: String

    /// `directory` must be reachable by the user (it is opened to 0755 here); the binary copy
    /// goes into it.
    public init(in directory: TemporaryDirectory) throws {
        chmod(directory.path, 0o755)
        guard Self.switchesUser else {
            binary = Binaries.certkeeper
            return
        }
        binary = directory.file("certkeeper-unprivileged")
        try FileManager.default.copyItem(atPath: Binaries.certkeeper, toPath: binary)
        chmod(binary, 0o755)
    }

    /// Makes `path` the user's (when switching), so it can write there.
    public func own(_ path: String) {
        if Self.switchesUser { chown(path, Self.uid, Self.gid) }
    }

    /// A new directory at `path` only the user can use (0700), like a real home.
    public func makePrivateDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        own(path)
        chmod(path, 0o700)
    }

    public func runCertkeeper(_ arguments: [String], environment: [String: String?] = [:]) throws -> ProcessOutput {
        let merged = ProcessRunner.environment(environment.merging(["NO_COLOR": "1"]) { current, _ in current })
        guard Self.switchesUser else { return try ProcessRunner.run(binary, arguments, environment: merged) }
        return try ProcessRunner.run(
            "setpriv", ["--reuid=\(Self.uid)", "--regid=\(Self.gid)", "--clear-groups", binary] + arguments, environment: merged
        )
    }
}
