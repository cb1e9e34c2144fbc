import CertKeeperBase
import CertKeeperCore
import CertKeeperStore
import Foundation

/// How `store copy` prints its summary: a table (cells escaped by TableRenderer) or the
/// `certkeeper.store-copy/v1` JSON document (docs/cli.md).
enum StoreCopyText {
    static func table(_ report: InventoryCopyReport) -> String {
        let rows = report.tables.map { table in
            [table.name, String(table.sourceRows), String(table.targetRows), table.targetChecksum, table.matches ? "yes" : "NO"]
        }
        return [
            "copied \(TerminalText.escaped(report.source)) to \(TerminalText.escaped(report.target)) (schema version \(report.schemaVersion))",
            TableRenderer.render(header: ["TABLE", "SOURCE ROWS", "TARGET ROWS", "CHECKSUM", "VERIFIED"], rows: rows),
            "\(report.totalRows) row(s) in \(report.tables.count) tables; every table read back from the target matches the source",
        ].joined(separator: "\n")
    }

    struct Document: Encodable {
        let schema = "certkeeper.store-copy/v1"
        let source: String
        let target: String
        let schemaVersion: Int
        let verified: Bool
        let totalRows: Int
        let tables: [Table]

        enum CodingKeys: String, CodingKey {
            case schema, source, target, verified, tables
            case schemaVersion = "schema_version"
            case totalRows = "total_rows"
        }
    }

    struct Table: Encodable {
        let name: String
        let rows: Int
        let checksum: String
        let targetRows: Int
        let targetChecksum: String
        let verified: Bool

        enum CodingKeys: String, CodingKey {
            case name, rows, checksum, verified
            case targetRows = "target_rows"
            case targetChecksum = "target_checksum"
        }
    }

    static func json(_ report: InventoryCopyReport) throws(CoreError) -> String {
        let document = Document(
            source: report.source, target: report.target, schemaVersion: report.schemaVersion, verified: report.verified, totalRows: report.totalRows,
            tables: report.tables.map {
                Table(name: $0.name, rows: $0.sourceRows, checksum: $0.sourceChecksum, targetRows: $0.targetRows, targetChecksum: $0.targetChecksum, verified: $0.matches)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(document), as: UTF8.self) } catch {
            throw CoreError(.io, "could not encode the copy summary as JSON")
        }
    }
}
