import Foundation

/// Statement parameters for the PostgreSQL schema (rows are mapped back by `StoreRecords`,
/// shared with the SQLite store).
enum PostgresRecords {
    /// Parameters for `ProfileRecord.settingsColumns`, in order.
    static func profileParameters(_ settings: ProfileSettings) -> [(any PostgresEncodable)?] {
        [
            settings.name, settings.tenantID, settings.clientID, settings.authorityHost, settings.scope,
            settings.certificateID, settings.certificatePath, settings.passwordReference,
            settings.sendCertificateChain, settings.assertionAlgorithm.rawValue, settings.applicationObjectID,
            settings.graphEndpoint, settings.graphScope,
            settings.renewal.renewBefore, settings.renewal.registrationName, settings.renewal.overlapSeconds,
            settings.renewal.deployHook, StoreRecords.deployTargetsJSON(settings.renewal.deployTargets),
        ]
    }
}

/// Read by column name, as the SQLite store reads GRDB rows.
extension PostgresRow: StoreRow {}
