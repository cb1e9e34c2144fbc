import Foundation
import TestSupport

/// Every table of an inventory dumped by the databases' own clients (`sqlite3`, `psql`), not
/// by certkeeper: one line per row in primary-key order, each value as decimal (integers) or
/// uppercase hex of its bytes (text, blobs), so hostile text (escapes, newlines, '|') cannot
/// blur a line and two dumps are equal exactly when the stored values are.
enum InventoryDumps {
    struct Column {
        let name: String
        let isInteger: Bool
        let isBlob: Bool
        let keyPosition: Int
    }

    /// Table → its columns, from SQLite's catalog (the schema both backends share).
    static func sqliteTables(_ path: String) throws -> [String: [Column]] {
        var tables: [String: [Column]] = [:]
        let names = try sqlite(path, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_versions' ORDER BY name")
        for table in names.split(separator: "\n").map(String.init) {
            let rows = try sqlite(path, "SELECT name || '|' || upper(type) || '|' || pk FROM pragma_table_info('\(table)')")
            tables[table] = rows.split(separator: "\n").map { line in
                let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                return Column(name: parts[0], isInteger: parts[1] == "INTEGER", isBlob: parts[1] == "BLOB", keyPosition: Int(parts[2]) ?? 0)
            }
        }
        return tables
    }

    static func sqliteDump(_ path: String, _ tables: [String: [Column]]) throws -> [String: String] {
        try tables.keys.reduce(into: [:]) { dump, table in
            let columns = tables[table] ?? []
            let values = columns.map { $0.isInteger ? "coalesce(CAST(\($0.name) AS TEXT), 'NULL')" : "CASE WHEN \($0.name) IS NULL THEN 'NULL' ELSE hex(\($0.name)) END" }
            dump[table] = try sqlite(path, "SELECT \(values.joined(separator: " || '|' || ")) FROM \(table) ORDER BY \(orderBy(columns, collate: ""))")
        }
    }

    static func postgresDump(_ url: String, _ tables: [String: [Column]]) throws -> [String: String] {
        try tables.keys.reduce(into: [:]) { dump, table in
            let columns = tables[table] ?? []
            let values = columns.map { column in
                if column.isInteger { return "coalesce(\(column.name)::text, 'NULL')" }
                let bytes = column.isBlob ? column.name : "convert_to(\(column.name), 'UTF8')"
                return "coalesce(upper(encode(\(bytes), 'hex')), 'NULL')"
            }
            dump[table] = try PostgresTestServer.psql(
                url, "SELECT \(values.joined(separator: " || '|' || ")) FROM \(table) ORDER BY \(orderBy(columns, collate: " COLLATE \"C\""))")
        }
    }

    /// The primary key's columns; text ones in byte order on PostgreSQL too (SQLite's BINARY).
    private static func orderBy(_ columns: [Column], collate: String) -> String {
        let key = columns.filter { $0.keyPosition > 0 }.sorted { $0.keyPosition < $1.keyPosition }
        return key.map { $0.isInteger ? $0.name : $0.name + collate }.joined(separator: ", ")
    }

    /// The PostgreSQL schema's tables, certkeeper's bookkeeping aside.
    static func postgresTableNames(_ url: String) throws -> [String] {
        try PostgresTestServer.psql(
            url,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'certkeeper_schema_versions' ORDER BY table_name"
        ).split(separator: "\n").map(String.init)
    }

    @discardableResult
    static func sqlite(_ path: String, _ sql: String) throws -> String {
        let output = try ProcessRunner.run("sqlite3", ["-batch", "-bail", path, sql])
        guard output.status == 0 else { throw TestSupportError("sqlite3: \(output.stderr)") }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
