import Foundation

/// What both stores record about an import or a directory sync, and how they refuse to
/// delete a busy profile: one wording and one set of event fields for SQLite and PostgreSQL.
extension InventoryRules {
    /// `certificate.discovered`: a certificate seen for the first time, and where.
    static func discoveredDetail(_ facts: CertificateFacts, path: String) -> [String: EventValue] {
        ["sha256_thumbprint": .string(facts.sha256Thumbprint.uppercased()), "subject": .string(facts.subject), "path": .string(path)]
    }

    /// `inventory.import`: the counts of one import run.
    static func importDetail(_ batch: ImportBatch, _ outcome: ImportBatchOutcome) -> [String: EventValue] {
        [
            "files": EventValue(batch.discoveries.count + batch.unchangedPaths.count),
            "unchanged_files": EventValue(batch.unchangedPaths.count),
            "new_certificates": EventValue(outcome.addedThumbprints.count),
            "known_certificates": EventValue(outcome.knownThumbprints.count),
            "new_locations": EventValue(outcome.newLocations),
        ]
    }

    /// A profile whose rotation is open is neither deleted nor renamed away under it.
    static func profileBusy(_ profile: String, rotationRevision: Int64) -> StoreError {
        StoreError(.conflict, "profile \(profile) has an unfinished rotation (#\(rotationRevision)): finish it (certkeeper rotate resume) or roll it back first")
    }

    /// `directory.sync`: what one completed sync holds and changed.
    static func directorySyncDetail(_ sync: DirectorySyncHandle, _ outcome: DirectorySyncOutcome) -> [String: EventValue] {
        [
            "tenant": .string(sync.tenantID), "applications": EventValue(outcome.applications),
            "servicePrincipals": EventValue(outcome.servicePrincipals), "credentials": EventValue(outcome.credentials),
            "credentialsAdded": EventValue(outcome.credentialsAdded), "credentialsRemoved": EventValue(outcome.credentialsRemoved),
            "firstSync": .bool(outcome.firstSync),
        ]
    }
}
