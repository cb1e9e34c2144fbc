import Foundation

extension PostgresInventoryStore {
    public func recordEvent(_ event: EventDraft) throws(StoreError) {
        let now = clock()
        try write("record an event in") { connection in
            let profileID = try event.profileName.flatMap { name in
                try connection.execute("SELECT id FROM profiles WHERE lower(name) = lower($1)", [name]).first?.int64(0)
            }
            try appendEvent(
                connection, action: event.action, profileID: profileID, profileName: event.profileName,
                certificateID: event.certificateID, rotationID: event.rotationID, detail: event.detail, at: now
            )
        }
    }

    public func events(matching query: EventQuery) throws(StoreError) -> [AuditEvent] {
        var sql = "SELECT \(EventRecord.columns) FROM events"
        var parameters: [(any PostgresEncodable)?] = []
        var conditions: [String] = []
        if let name = query.profileName {
            parameters.append(name)
            conditions.append("lower(profile_name) = lower($\(parameters.count))")
        }
        if let rotationID = query.rotationID {
            parameters.append(rotationID)
            conditions.append("rotation_id = $\(parameters.count)")
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
        if let limit = query.limit {
            parameters.append(max(0, limit))
            sql += " LIMIT $\(parameters.count)"
        }
        return try read("read") { connection in
            try connection.execute(sql, parameters).rows.map { row in try StoreRecords.event(row) }.reversed()
        }
    }
}
