import Foundation
import GRDB

/// An `events` row.
struct EventRecord: FetchableRecord {
    static let columns = "id, occurred_at, action, actor, host, profile_name, certificate_id, rotation_id, detail"

    let event: AuditEvent

    init(row: Row) throws {
        let detailText: String = try row.decode(forColumn: "detail")
        let detail = (try? JSONDecoder().decode([String: EventValue].self, from: Data(detailText.utf8))) ?? [:]
        event = AuditEvent(
            id: try row.decode(forColumn: "id"),
            occurredAt: try row.decode(forColumn: "occurred_at"),
            action: try row.decode(forColumn: "action"),
            actor: try row.decode(forColumn: "actor"),
            host: try row.decode(forColumn: "host"),
            profileName: try row.decode(forColumn: "profile_name"),
            certificateID: try row.decode(forColumn: "certificate_id"),
            rotationID: try row.decode(forColumn: "rotation_id"),
            detail: detail
        )
    }

    /// Appends an event inside the caller's transaction.
    static func append(
        _ db: Database, at date: Date, actor: String?, action: String, profileID: Int64? = nil, profileName: String? = nil,
        certificateID: Int64? = nil, rotationID: Int64? = nil, detail: [String: EventValue] = [:]
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(detail), as: UTF8.self)
        try db.cachedStatement(
            sql: """
                INSERT INTO events (occurred_at, action, actor, host, profile_id, profile_name, certificate_id, rotation_id, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [date, action, actor, AuditHost.current, profileID, profileName, certificateID, rotationID, json])
    }
}
