import CertKeeperBase
import CertKeeperStore
import Foundation

/// certkeeper's home directory (docs/ARCHITECTURE.md, "Data model"): `--home`, else `$CERTKEEPER_HOME`, else
/// `~/.certkeeper`. Mode 0700; holds `inventory.sqlite` (unless the inventory is elsewhere:
/// `StoreSelection`), `keys/` (0700) and an optional `config`.
public struct CertKeeperHome: Sendable, Hashable {
    public let path: String

    public init(path: String) {
        self.path = (path as NSString).standardizingPath
    }

    public var inventoryPath: String { (path as NSString).appendingPathComponent("inventory.sqlite") }
    public var keysDirectory: String { (path as NSString).appendingPathComponent("keys") }
    /// `key = value` settings (`HomeConfig`).
    public var configPath: String { (path as NSString).appendingPathComponent("config") }

    /// Where the home is, by precedence: the `--home` option, `CERTKEEPER_HOME`, `~/.certkeeper`.
    public static func resolve(option: String?, environment: [String: String]) throws(CoreError) -> CertKeeperHome {
        if let option, !option.isEmpty { return CertKeeperHome(path: absolute(option)) }
        if let variable = environment["CERTKEEPER_HOME"], !variable.isEmpty { return CertKeeperHome(path: absolute(variable)) }
        guard let home = environment["HOME"].flatMap({ $0.isEmpty ? nil : $0 }) ?? homeFromPasswordDatabase() else {
            throw CoreError(.invalidInput, "cannot tell where the home directory is: set CERTKEEPER_HOME or pass --home DIR")
        }
        return CertKeeperHome(path: (home as NSString).appendingPathComponent(".certkeeper"))
    }

    /// Creates the home and `keys/` (0700) when missing. An existing directory that group or
    /// others can enter is tightened to 0700 when it is ours, refused otherwise. Returns
    /// whether anything was created.
    @discardableResult
    public func prepare() throws(CoreError) -> Bool {
        let createdHome = try Self.makePrivateDirectory(path)
        let createdKeys = try Self.makePrivateDirectory(keysDirectory)
        return createdHome || createdKeys
    }

    /// Prepares the home and opens (creating or upgrading) the inventory `StoreSelection`
    /// picks: `store` (the `--store` option), `CERTKEEPER_STORE`, the config, the home's file.
    public func openInventory(
        store: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        actor: String? = CertKeeperHome.currentUser
    ) throws(CoreError) -> any InventoryStore {
        let selection = try StoreSelection.resolve(option: store, environment: environment, home: self)
        try prepare()
        return try selection.open(actor: actor, environment: environment)
    }

    /// The login name recorded in audit events.
    public static var currentUser: String? {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"]
    }

    private static func makePrivateDirectory(_ path: String) throws(CoreError) -> Bool {
        if mkdir(path, 0o700) == 0 {
            chmod(path, 0o700)  // umask may have narrowed it; never wider than asked
            return true
        }
        guard errno == EEXIST else { throw CoreError(FileReader.error(errno: errno, path: path, action: "create")) }
        var status = stat()
        guard stat(path, &status) == 0 else { throw CoreError(FileReader.error(errno: errno, path: path, action: "use")) }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw CoreError(.notAFile, "\(path) exists and is not a directory: choose another --home")
        }
        if status.st_mode & 0o077 != 0 {
            // A shared directory (sticky bit, like /tmp) or someone else's is not tightened.
            guard status.st_uid == geteuid(), status.st_mode & S_ISVTX == 0, chmod(path, 0o700) == 0 else {
                throw CoreError(
                    .insecurePermissions,
                    "\(path) is open to group or others (mode \(String(status.st_mode & 0o777, radix: 8))) and cannot be made private: run chmod 700 \(path) or choose another --home"
                )
            }
        }
        return false
    }

    private static func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        return (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded)
    }

    private static func homeFromPasswordDatabase() -> String? {
        guard let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}
