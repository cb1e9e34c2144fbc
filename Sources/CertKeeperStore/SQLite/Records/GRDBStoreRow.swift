import Foundation
import GRDB

/// A GRDB row read by column name through GRDB's own conversions (dates as it writes them).
struct GRDBStoreRow: StoreRow {
    let row: Row

    init(_ row: Row) { self.row = row }

    func optionalString(_ name: String) throws -> String? { try row.decode(String?.self, forColumn: name) }
    func optionalInt64(_ name: String) throws -> Int64? { try row.decode(Int64?.self, forColumn: name) }
    func optionalDate(_ name: String) throws -> Date? { try row.decode(Date?.self, forColumn: name) }
    func bytes(_ name: String) throws -> [UInt8] { [UInt8](try row.decode(Data.self, forColumn: name)) }
}
