import Foundation
import GRDB

/// Looks at an existing inventory file without changing it, before anything that writes:
/// switching to WAL, the connection pool's set-up and migrations all write pages, so a
/// foreign database or one from a newer certkeeper must be recognised first.
enum InventoryInspection {
    /// certkeeper's SQLite application id ("CKIV"), stamped by every migration run.
    static let applicationID: Int32 = 0x434B_4956

    /// What the first 100 bytes (the SQLite header) say.
    struct Header {
        /// Bytes 18 and 19 are 2 once a database has been switched to WAL.
        let isWAL: Bool
        /// Bytes 68–71, big-endian: the owning program's id, 0 when none was set.
        let applicationID: Int32

        init(_ bytes: [UInt8]) {
            isWAL = bytes.count >= 20 && bytes[18] == 2 && bytes[19] == 2
            applicationID = bytes.count >= 72 ? bytes[68..<72].reduce(Int32(0)) { ($0 << 8) | Int32($1) } : 0
        }
    }

    /// Throws for a file certkeeper must not touch: another program's application id, tables
    /// without a versions table, a schema newer than `latestVersion`. Quietly returns when the
    /// file cannot be inspected without writing (another process is mid-write): the checks
    /// made after opening then apply.
    static func check(_ path: String, header: Header, latestVersion: Int) throws(StoreError) {
        if header.applicationID != 0 && header.applicationID != applicationID {
            throw StoreError(
                .corruptDatabase,
                "\(path) is a SQLite database of another program (application id \(String(UInt32(bitPattern: header.applicationID), radix: 16))); it was left untouched: use another --home"
            )
        }
        guard let snapshot = immutableConnection(path) else { return }
        do {
            try snapshot.read { db in
                try SchemaMigrator.refuseForeignDatabase(db, path: path)
                if let version = try SchemaMigrator.version(of: db), version > latestVersion {
                    throw try SchemaMigrator.newerSchemaError(db, version: version, latestVersion: latestVersion, path: path)
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            return
        }
    }

    /// The schema version, read without writing; nil when it cannot be read that way.
    static func version(of path: String) -> Int? {
        guard let snapshot = immutableConnection(path) else { return nil }
        return try? snapshot.read { db in try SchemaMigrator.version(of: db) ?? 0 }
    }

    /// A read-only connection that takes no locks and creates no -wal or -shm file (SQLite's
    /// `immutable` URI parameter). Nil while another process may be writing (a -wal file with
    /// content, or a rollback journal): an immutable reader could then see torn pages.
    static func immutableConnection(_ path: String) -> DatabaseQueue? {
        var status = stat()
        if stat(path + "-wal", &status) == 0, status.st_size > 0 { return nil }
        if stat(path + "-journal", &status) == 0 { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "certkeeper.inventory.inspect"
        return try? DatabaseQueue(path: uri(path, parameters: "immutable=1"), configuration: configuration)
    }

    /// `file:PATH?PARAMETERS`, with the characters a URI reserves percent-encoded.
    static func uri(_ path: String, parameters: String) -> String {
        var encoded = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0..<0x21, 0x7F...:
                encoded += String(format: "%%%02X", byte)
            default:
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return "file:\(encoded)?\(parameters)"
    }
}
