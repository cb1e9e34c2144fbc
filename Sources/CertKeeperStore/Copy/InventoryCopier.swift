import Foundation

/// `certkeeper store copy`: moves a whole inventory between two stores (SQLite or PostgreSQL,
/// either direction) in one transaction on the target, then reads the target back to verify
/// it (docs/postgres.md, "Moving an inventory").
///
/// Ids are preserved, not remapped: the history (events) names certificates, profiles and
/// rotations by id without foreign keys (it outlives them), and event details may quote
/// them, so only identical ids keep every reference true. The target is therefore required
/// to be empty, and each table's id counter is carried so no id is ever handed out twice.
public enum InventoryCopier {
    /// Copies every table of the inventory at `source` into the one at `target`.
    ///
    /// - The source must be at this certkeeper's schema version; it is read, never migrated
    ///   or written, from one snapshot.
    /// - The target is created or migrated to the current schema first; one that already holds
    ///   rows is refused (`.targetNotEmpty`) before anything is written to it.
    /// - All rows go in one transaction: on any failure the target is left as it was.
    /// - After the commit every table is read back and its row count and checksum compared.
    ///
    /// Passwords are those of the locations' `password=` references, resolved by the caller.
    public static func copy(
        from source: StoreLocation, password sourcePassword: String? = nil,
        to target: StoreLocation, password targetPassword: String? = nil
    ) throws(StoreError) -> InventoryCopyReport {
        try refuseSameInventory(source, target)
        let from = try openSource(source, password: sourcePassword)
        let version = try checkedVersion(of: from)
        let to = try openTarget(target, password: targetPassword)

        let read = try from.reading { reader throws -> [String: (digest: TableDigest, counter: Int64)] in
            let drift = CopiedTables.drift(from: try reader.catalog())
            guard drift.isEmpty else {
                throw StoreError(
                    .invalidValue,
                    "\(from.name) does not have the tables this certkeeper copies (\(drift.prefix(3).joined(separator: "; "))): nothing was copied")
            }
            return try to.writing { writer in
                try refuseOccupied(writer, name: to.name)
                return try copyTables(from: reader, to: writer)
            }
        }
        return try verify(to, against: read, source: from.name, version: version)
    }

    private static func copyTables(from reader: any CopyTableReader, to writer: any CopyTableWriter) throws -> [String: (digest: TableDigest, counter: Int64)] {
        var figures: [String: (digest: TableDigest, counter: Int64)] = [:]
        for table in CopiedTables.all {
            var digest = TableDigest()
            var highestID: Int64 = 0
            let batchSize = writer.batchSize(for: table)
            var batch: [[CopiedValue]] = []
            batch.reserveCapacity(batchSize)
            try reader.forEachRow(of: table) { row in
                digest.add(row)
                if table.counter, case .integer(let id) = row[0] { highestID = max(highestID, id) }
                batch.append(row)
                if batch.count == batchSize {
                    try writer.insert(batch, into: table)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try writer.insert(batch, into: table) }
            var counter: Int64 = 0
            if table.counter {
                counter = max(highestID, try reader.counter(of: table) ?? 0)
                if counter > 0 { try writer.raiseCounter(of: table, to: counter) }
            }
            figures[table.name] = (digest, counter)
        }
        return figures
    }

    /// Reads the committed target back: every table's count, checksum and counter must be
    /// what was read from the source.
    private static func verify(
        _ target: any InventoryCopyEndpoint, against source: [String: (digest: TableDigest, counter: Int64)], source sourceName: String, version: Int
    ) throws(StoreError) -> InventoryCopyReport {
        let tables = try target.reading { reader in
            try CopiedTables.all.map { table throws -> (InventoryCopyReport.Table, Bool) in
                var digest = TableDigest()
                try reader.forEachRow(of: table) { digest.add($0) }
                let expected = source[table.name] ?? (TableDigest(), 0)
                var counterMatches = true
                if table.counter, expected.counter > 0 { counterMatches = try reader.counter(of: table) ?? 0 >= expected.counter }
                return (
                    InventoryCopyReport.Table(
                        name: table.name, sourceRows: expected.digest.rows, targetRows: digest.rows,
                        sourceChecksum: hex(expected.digest.checksum), targetChecksum: hex(digest.checksum)),
                    counterMatches
                )
            }
        }
        let report = InventoryCopyReport(source: sourceName, target: target.name, schemaVersion: version, tables: tables.map(\.0))
        if let wrong = tables.first(where: { !$0.0.matches || !$0.1 }) {
            throw StoreError(
                .database,
                "the copy to \(target.name) was committed but does not match the source: table \(wrong.0.name) has \(wrong.0.targetRows) row(s) (checksum \(wrong.0.targetChecksum)), the source \(wrong.0.sourceRows) (\(wrong.0.sourceChecksum)); do not use it: empty it and copy again"
            )
        }
        return report
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    // MARK: - The two ends

    private static func refuseSameInventory(_ source: StoreLocation, _ target: StoreLocation) throws(StoreError) {
        let same: Bool
        switch (source, target) {
        case (.sqlite(let from), .sqlite(let to)): same = canonicalPath(from) == canonicalPath(to)
        default: same = source == target
        }
        if same { throw StoreError(.invalidValue, "--from and --to name the same inventory (\(PostgresLocation.printable(source.description))): give another target") }
    }

    private static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return (path as NSString).standardizingPath }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func openSource(_ location: StoreLocation, password: String?) throws(StoreError) -> any InventoryCopyEndpoint {
        switch location {
        case .sqlite(let path):
            guard let endpoint = try SQLiteCopyEndpoint.existing(path: path) else {
                throw StoreError(.notFound, "there is no inventory at \(PostgresLocation.printable(location.description)): nothing to copy")
            }
            return endpoint
        case .postgres(let postgres):
            return try PostgresCopyEndpoint(location: postgres, password: password)
        }
    }

    /// The source must be at this certkeeper's schema: an older one would need a migration
    /// (a write to the source), a newer one has columns this certkeeper does not know.
    private static func checkedVersion(of source: any InventoryCopyEndpoint) throws(StoreError) -> Int {
        guard let version = try source.recordedVersion() else {
            throw StoreError(.notFound, "there is no certkeeper inventory at \(source.name): nothing to copy")
        }
        let latest = SQLiteInventoryStore.latestSchemaVersion
        if version > latest {
            throw StoreError(
                .newerSchema,
                "\(source.name) is at schema version \(version), written by a newer certkeeper; this one knows versions up to \(latest): copy it with that certkeeper (nothing was copied)"
            )
        }
        if version < latest {
            throw StoreError(
                .invalidValue,
                "\(source.name) is at schema version \(version), this certkeeper's is \(latest): upgrade the source first — open it with this certkeeper (certkeeper --store URL init) — then copy (nothing was copied)"
            )
        }
        return version
    }

    /// Looks at the target without writing (a target holding rows is refused untouched), then
    /// creates or upgrades it to the current schema.
    private static func openTarget(_ location: StoreLocation, password: String?) throws(StoreError) -> any InventoryCopyEndpoint {
        switch location {
        case .sqlite(let path):
            if let existing = try SQLiteCopyEndpoint.existing(path: path) {
                try existing.reading { reader in try refuseOccupied(reader, name: existing.name) }
            }
            return try SQLiteCopyEndpoint.migrated(path: path)
        case .postgres(let postgres):
            let endpoint = try PostgresCopyEndpoint(location: postgres, password: password)
            _ = try endpoint.recordedVersion()  // refuses another application's schema
            try endpoint.reading { reader in try refuseOccupied(reader, name: endpoint.name) }
            try endpoint.migrate()
            return endpoint
        }
    }

    private static func refuseOccupied(_ reader: any CopyTableReader, name: String) throws {
        let occupied = try reader.occupiedTables()
        guard occupied.isEmpty else {
            throw StoreError(
                .targetNotEmpty,
                "the target \(name) already holds an inventory (rows in \(occupied.prefix(3).joined(separator: ", "))\(occupied.count > 3 ? ", …" : "")): copy into an empty database, schema or file; nothing was written"
            )
        }
    }
}
