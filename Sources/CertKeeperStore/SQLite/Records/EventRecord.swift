import Foundation
import GRDB

/// An `events` row.
struct EventRecord: FetchableRecord {
    static let columns = "id, occurred_at, action, actor, host, profile_name, certificate_id, rotation_id, detail"

    let event: AuditEvent

    init(row: Row) throws { event = try StoreRecords.event(GRDBStoreRow(row)) }

    /// Appends an event inside the caller's transaction.
    static func append(
        _ db: Database, at date: Date, actor: String?, action: String, profileID: Int64? = nil, profileName: String? = nil,
        certificateID: Int64? = nil, rotationID: Int64? = nil, detail: [String: EventValue] = [:]
    ) throws {
        let json = try StoreRecords.eventJSON(detail)
        try db.cachedStatement(
            sql: """
                INSERT INTO events (occurred_at, action, actor, host, profile_id, profile_name, certificate_id, rotation_id, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [date, action, actor, AuditHost.current, profileID, profileName, certificateID, rotationID, json])
    }
}
