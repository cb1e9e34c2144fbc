import Foundation
import GRDB

extension SQLiteInventoryStore {
    public func recordEvent(_ event: EventDraft) throws(StoreError) {
        let now = clock()
        try write("record an event in") { db in
            let profileID = try event.profileName.flatMap { name in
                try Int64.fetchOne(db, sql: "SELECT id FROM profiles WHERE name = ?", arguments: [name])
            }
            try appendEvent(
                db, action: event.action, profileID: profileID, profileName: event.profileName,
                certificateID: event.certificateID, rotationID: event.rotationID, detail: event.detail, at: now
            )
        }
    }

    public func events(matching query: EventQuery) throws(StoreError) -> [AuditEvent] {
        var sql = "SELECT \(EventRecord.columns) FROM events"
        var arguments: StatementArguments = []
        var conditions: [String] = []
        if let name = query.profileName {
            conditions.append("profile_name = ?")
            _ = arguments.append(contentsOf: [name])
        }
        if let rotationID = query.rotationID {
            conditions.append("rotation_id = ?")
            _ = arguments.append(contentsOf: [rotationID])
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
        if let limit = query.limit {
            sql += " LIMIT ?"
            _ = arguments.append(contentsOf: [max(0, limit)])
        }
        return try read("read") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { try EventRecord(row: $0).event }.reversed()
        }
    }
}
