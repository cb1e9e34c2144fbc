import Foundation

extension PostgresInventoryStore {
    public func recordImport(_ batch: ImportBatch) throws(StoreError) -> ImportBatchOutcome {
        for discovery in batch.discoveries {
            try InventoryRules.validateReference(discovery.passwordReference)
            for facts in discovery.certificates { try InventoryRules.validate(facts) }
        }
        let now = clock()
        return try write("record the import in") { connection in
            var outcome = ImportBatchOutcome()
            for discovery in batch.discoveries {
                var certificateIDs: [(id: Int64, sha256: String)] = []
                for facts in discovery.certificates {
                    let sha256 = facts.sha256Thumbprint.uppercased()
                    // Idempotent across runners: a certificate another runner recorded first
                    // is found, not inserted twice.
                    if let id = try insertCertificate(facts, connection, at: now) {
                        certificateIDs.append((id, sha256))
                        outcome.addedThumbprints.insert(sha256)
                        try appendEvent(
                            connection, action: "certificate.discovered", certificateID: id,
                            detail: InventoryRules.discoveredDetail(facts, path: discovery.path),
                            at: now
                        )
                        continue
                    }
                    guard let existing = try connection.execute("SELECT id FROM certificates WHERE sha256_thumbprint = $1", [sha256]).first else {
                        throw StoreError(.database, "certificate \(sha256) vanished during the import: try again")
                    }
                    certificateIDs.append((try existing.int64(0), sha256))
                    if !outcome.addedThumbprints.contains(sha256) { outcome.knownThumbprints.insert(sha256) }
                }
                outcome.newLocations += try recordLocations(of: discovery, certificateIDs: certificateIDs, connection, at: now)
            }
            for path in batch.unchangedPaths {
                try connection.execute("UPDATE certificate_files SET last_seen_at = $1 WHERE path = $2", [now, path])
            }
            try appendEvent(
                connection, action: "inventory.import",
                detail: InventoryRules.importDetail(batch, outcome), at: now
            )
            return outcome
        }
    }

    public func unchangedFiles(_ stamps: [String: String]) throws(StoreError) -> [String: [String]] {
        guard !stamps.isEmpty else { return [:] }
        return try read("read") { connection in
            // One round trip for every path (an import of 2,000 files asks about all of them).
            var recorded: [String: [(stamp: String?, sha256: String)]] = [:]
            let paths = Array(stamps.keys)
            for start in stride(from: 0, to: paths.count, by: 1000) {
                let chunk = Array(paths[start..<min(start + 1000, paths.count)])
                let rows = try connection.execute(
                    """
                    SELECT f.path, f.file_stamp, c.sha256_thumbprint FROM certificate_files f
                    JOIN certificates c ON c.id = f.certificate_id WHERE f.path IN (\(Self.placeholders(chunk.count)))
                    ORDER BY f.id
                    """, chunk.map { $0 as (any PostgresEncodable)? })
                for row in rows.rows {
                    recorded[try row.string(0), default: []].append((row.optionalString(1), try row.string(2)))
                }
            }
            var unchanged: [String: [String]] = [:]
            for (path, entries) in recorded where entries.allSatisfy({ $0.stamp == stamps[path] }) {
                unchanged[path] = entries.map(\.sha256)
            }
            return unchanged
        }
    }

    /// The new certificate's id; nil when its SHA-256 thumbprint is already recorded.
    private func insertCertificate(_ facts: CertificateFacts, _ connection: PostgresConnection, at now: Date) throws -> Int64? {
        try connection.execute(
            """
            INSERT INTO certificates (sha1_thumbprint, sha256_thumbprint, subject, subject_cn, issuer, issuer_cn,
                serial_number, not_before, not_after, key_type, key_bits, self_signed, der, state, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'discovered', $14, $14)
            ON CONFLICT (sha256_thumbprint) DO NOTHING
            RETURNING id
            """,
            [
                facts.sha1Thumbprint.uppercased(), facts.sha256Thumbprint.uppercased(), facts.subject, facts.subjectCommonName,
                facts.issuer, facts.issuerCommonName, facts.serialNumber, facts.notBefore, facts.notAfter,
                facts.keyType, facts.keyBits, facts.isSelfSigned, PostgresBytes(facts.der), now,
            ]
        ).first?.int64(0)
    }

    /// Adds or refreshes the file's locations and drops those of certificates the file no
    /// longer holds (it was replaced). Returns how many locations are new.
    private func recordLocations(
        of discovery: FileDiscovery, certificateIDs: [(id: Int64, sha256: String)], _ connection: PostgresConnection, at now: Date
    ) throws -> Int {
        var added = 0
        var recorded: Set<Int64> = []
        let keyHolder = discovery.privateKeyCertificate?.uppercased()
        for (id, sha256) in certificateIDs where recorded.insert(id).inserted {
            // xmax = 0 only on a freshly inserted row: tells an insert from an update. The
            // conflict key is the path's MD5 (see migration 0001); the WHERE makes a different
            // path with the same MD5 update nothing, and no row comes back.
            let row = try connection.execute(
                """
                INSERT INTO certificate_files (certificate_id, path, format, has_private_key, password_ref, file_stamp,
                    first_seen_at, last_seen_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
                ON CONFLICT (certificate_id, md5(path)) DO UPDATE SET format = excluded.format,
                    has_private_key = excluded.has_private_key, password_ref = excluded.password_ref,
                    file_stamp = excluded.file_stamp, last_seen_at = excluded.last_seen_at
                WHERE certificate_files.path = excluded.path
                RETURNING (xmax = 0)
                """,
                [id, discovery.path, discovery.format.rawValue, sha256 == keyHolder, discovery.passwordReference, discovery.stamp, now]
            ).first
            guard let row else {
                throw StoreError(.invalidValue, "\(discovery.path) has the same MD5 as another recorded path of its certificate: rename one of them")
            }
            let inserted = row.optionalString(0) == "t"
            if inserted { added += 1 }
        }
        let stale = try connection.execute("SELECT certificate_id FROM certificate_files WHERE path = $1", [discovery.path])
            .rows.map { row in try row.int64(0) }.filter { !recorded.contains($0) }
        for id in stale {
            try connection.execute("DELETE FROM certificate_files WHERE certificate_id = $1 AND path = $2", [id, discovery.path])
        }
        return added
    }
}
