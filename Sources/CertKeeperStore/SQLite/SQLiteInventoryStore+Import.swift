import Foundation
import GRDB

extension SQLiteInventoryStore {
    public func recordImport(_ batch: ImportBatch) throws(StoreError) -> ImportBatchOutcome {
        for discovery in batch.discoveries {
            try InventoryRules.validateReference(discovery.passwordReference)
            for facts in discovery.certificates { try InventoryRules.validate(facts) }
        }
        let now = clock()
        return try write("record the import in") { db in
            var outcome = ImportBatchOutcome()
            for discovery in batch.discoveries {
                var certificateIDs: [(id: Int64, sha256: String)] = []
                for facts in discovery.certificates {
                    let sha256 = facts.sha256Thumbprint.uppercased()
                    if let existing = try Int64.fetchOne(
                        db.cachedStatement(sql: "SELECT id FROM certificates WHERE sha256_thumbprint = ?"), arguments: [sha256]
                    ) {
                        certificateIDs.append((existing, sha256))
                        if !outcome.addedThumbprints.contains(sha256) { outcome.knownThumbprints.insert(sha256) }
                        continue
                    }
                    let id = try insertCertificate(facts, db: db, at: now)
                    certificateIDs.append((id, sha256))
                    outcome.addedThumbprints.insert(sha256)
                    try appendEvent(
                        db, action: "certificate.discovered", certificateID: id,
                        detail: InventoryRules.discoveredDetail(facts, path: discovery.path),
                        at: now
                    )
                }
                outcome.newLocations += try recordLocations(of: discovery, certificateIDs: certificateIDs, db: db, at: now)
            }
            for path in batch.unchangedPaths {
                try db.cachedStatement(sql: "UPDATE certificate_files SET last_seen_at = ? WHERE path = ?").execute(arguments: [now, path])
            }
            try appendEvent(
                db, action: "inventory.import",
                detail: InventoryRules.importDetail(batch, outcome), at: now
            )
            return outcome
        }
    }

    public func unchangedFiles(_ stamps: [String: String]) throws(StoreError) -> [String: [String]] {
        try read("read") { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT c.sha256_thumbprint, f.file_stamp FROM certificate_files f
                    JOIN certificates c ON c.id = f.certificate_id WHERE f.path = ?
                    """)
            var unchanged: [String: [String]] = [:]
            for (path, stamp) in stamps {
                let rows = try Row.fetchAll(statement, arguments: [path])
                guard !rows.isEmpty else { continue }
                var thumbprints: [String] = []
                var same = true
                for row in rows {
                    let recorded: String? = try row.decode(forColumn: "file_stamp")
                    if recorded != stamp {
                        same = false
                        break
                    }
                    thumbprints.append(try row.decode(forColumn: "sha256_thumbprint"))
                }
                if same { unchanged[path] = thumbprints }
            }
            return unchanged
        }
    }

    private func insertCertificate(_ facts: CertificateFacts, db: Database, at now: Date) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO certificates (sha1_thumbprint, sha256_thumbprint, subject, subject_cn, issuer, issuer_cn,
                    serial_number, not_before, not_after, key_type, key_bits, self_signed, der, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'discovered', ?, ?)
                """
        ).execute(arguments: [
            facts.sha1Thumbprint.uppercased(), facts.sha256Thumbprint.uppercased(), facts.subject, facts.subjectCommonName,
            facts.issuer, facts.issuerCommonName, facts.serialNumber, facts.notBefore, facts.notAfter,
            facts.keyType, facts.keyBits, facts.isSelfSigned, Data(facts.der), now, now,
        ])
        return db.lastInsertedRowID
    }

    /// Adds or refreshes the file's locations and drops those of certificates the file no
    /// longer holds (it was replaced). Returns how many locations are new.
    private func recordLocations(
        of discovery: FileDiscovery, certificateIDs: [(id: Int64, sha256: String)], db: Database, at now: Date
    ) throws -> Int {
        var added = 0
        var recorded: Set<Int64> = []
        let keyHolder = discovery.privateKeyCertificate?.uppercased()
        for (id, sha256) in certificateIDs where recorded.insert(id).inserted {
            let hasPrivateKey = sha256 == keyHolder
            let exists =
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM certificate_files WHERE certificate_id = ? AND path = ?"),
                    arguments: [id, discovery.path]
                ) ?? false
            if exists {
                try db.cachedStatement(
                    sql: """
                        UPDATE certificate_files SET format = ?, has_private_key = ?, password_ref = ?, file_stamp = ?, last_seen_at = ?
                        WHERE certificate_id = ? AND path = ?
                        """
                ).execute(arguments: [
                    discovery.format.rawValue, hasPrivateKey, discovery.passwordReference, discovery.stamp, now,
                    id, discovery.path,
                ])
            } else {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO certificate_files (certificate_id, path, format, has_private_key, password_ref, file_stamp,
                            first_seen_at, last_seen_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(arguments: [
                    id, discovery.path, discovery.format.rawValue, hasPrivateKey, discovery.passwordReference,
                    discovery.stamp, now, now,
                ])
                added += 1
            }
        }
        let stale = try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT certificate_id FROM certificate_files WHERE path = ?"), arguments: [discovery.path]
        ).filter { !recorded.contains($0) }
        for id in stale {
            try db.cachedStatement(sql: "DELETE FROM certificate_files WHERE certificate_id = ? AND path = ?")
                .execute(arguments: [id, discovery.path])
        }
        return added
    }

}
