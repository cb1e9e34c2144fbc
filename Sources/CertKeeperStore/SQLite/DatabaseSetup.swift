import Foundation
import GRDB

/// Opening the inventory file: the one place for connection settings, and the checks that
/// keep a corrupt or foreign file from ever being written to.
enum DatabaseSetup {
    /// Four processes importing into one inventory queue on the write lock; each transaction
    /// is short, so waiting this long means something is stuck, not busy.
    static let busyTimeout: TimeInterval = 15

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "certkeeper.inventory"
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.maximumReaderCount = 2
        // Error messages never carry statement arguments (paths are fine, but be strict).
        configuration.publicStatementArguments = false
        return configuration
    }

    /// Opens (creating if needed, mode 0600) a WAL database pool at `path`. An existing file
    /// is inspected read-only first: nothing is written to a foreign or newer database.
    static func openPool(at path: String, latestVersion: Int) throws(StoreError) -> DatabasePool {
        if let header = try checkHeader(of: path) {
            try InventoryInspection.check(path, header: header, latestVersion: latestVersion)
        }
        try createIfMissing(path)
        do {
            return try DatabasePool(path: path, configuration: configuration())
        } catch {
            throw StoreError.wrapping(error, path: path, action: "open")
        }
    }

    /// Whether this process may write the inventory (the file and its directory, which holds
    /// the -wal and -shm files). A missing file counts as writable: it is about to be created.
    static func isWritable(_ path: String) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        guard access(directory.isEmpty ? "." : directory, W_OK) == 0 else { return false }
        return access(path, W_OK) == 0 || errno == ENOENT
    }

    /// A read-only connection for an inventory this process cannot write (a read-only mount,
    /// a file shared read-only): list, show, scan and history still work; writes fail.
    static func openReadOnly(at path: String, latestVersion: Int) throws(StoreError) -> DatabaseQueue {
        guard let header = try checkHeader(of: path) else {
            throw StoreError(.unavailable, "the inventory \(path) is empty and read-only: certkeeper cannot create it (check the permissions of the home directory)")
        }
        try InventoryInspection.check(path, header: header, latestVersion: latestVersion)
        var configuration = configuration()
        configuration.readonly = true
        configuration.journalMode = .default
        let queue: DatabaseQueue
        do {
            if let immutable = InventoryInspection.immutableConnection(path) {
                queue = immutable
            } else {
                queue = try DatabaseQueue(path: path, configuration: configuration)
            }
        } catch {
            throw StoreError.wrapping(error, path: path, action: "open")
        }
        let version = try? queue.read { db in try SchemaMigrator.version(of: db) ?? 0 }
        guard version == latestVersion else {
            throw StoreError(
                .unavailable,
                "the inventory \(path) is read-only and at schema version \(version.map(String.init) ?? "unknown"), not \(latestVersion): run certkeeper once with write access to upgrade it"
            )
        }
        return queue
    }

    /// A non-empty file that does not start with SQLite's magic is refused before SQLite
    /// sees it, so nothing is ever written into it. Returns the header; nil for a missing or
    /// empty file.
    @discardableResult
    private static func checkHeader(of path: String) throws(StoreError) -> InventoryInspection.Header? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw StoreError(.unavailable, "cannot open the inventory \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(.unavailable, "the inventory \(path) is not a regular file")
        }
        guard status.st_size > 0 else { return nil }
        var header = [UInt8](repeating: 0, count: 100)
        let count = read(descriptor, &header, header.count)
        let magic = Array("SQLite format 3".utf8) + [0]
        guard count == header.count, Array(header[0..<16]) == magic else {
            throw StoreError.corrupt(path)
        }
        return InventoryInspection.Header(header)
    }

    /// SQLite gives the -wal and -shm files the main file's mode, so creating it 0600 keeps
    /// all three private.
    private static func createIfMissing(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        guard errno == EEXIST else {
            throw StoreError(.unavailable, "cannot create the inventory \(path): \(String(cString: strerror(errno)))")
        }
    }
}

extension StoreError {
    static func corrupt(_ path: String, detail: String? = nil) -> StoreError {
        StoreError(
            .corruptDatabase,
            "\(path) is not a readable certkeeper inventory (corrupt, or not a SQLite database); it was left untouched: move it aside and run certkeeper init, or restore a backup",
            detail: detail
        )
    }

    /// Maps whatever GRDB or SQLite threw to a StoreError; StoreErrors pass through.
    static func wrapping(_ error: any Error, path: String, action: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return StoreError(.database, "could not \(action) the inventory \(path): \(error)")
        }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .corrupt(path, detail: detail)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                .busy,
                "the inventory \(path) stayed locked by another certkeeper process for \(Int(DatabaseSetup.busyTimeout)) s: try again",
                detail: detail
            )
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            return StoreError(.unavailable, "cannot \(action) the inventory \(path): \(detail) (check the permissions of the home directory)", detail: detail)
        case .SQLITE_FULL, .SQLITE_IOERR:
            return StoreError(.unavailable, "cannot \(action) the inventory \(path): disk full or I/O error", detail: detail)
        default:
            return StoreError(.database, "could not \(action) the inventory \(path): \(detail)", detail: detail)
        }
    }
}
