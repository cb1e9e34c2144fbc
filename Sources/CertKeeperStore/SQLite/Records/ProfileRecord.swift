import Foundation
import GRDB

/// A `profiles` row (its active certificate is fetched by id: profiles are few).
struct ProfileRecord: FetchableRecord {
    static let columns = """
        id, name, tenant_id, client_id, authority_host, scope, certificate_id, certificate_path, password_ref,
        send_x5c, assertion_algorithm, app_object_id, graph_endpoint, graph_scope,
        renew_before, renew_register, renew_overlap, deploy_hook, deploy_targets, created_at, updated_at
        """

    let id: Int64
    let settings: ProfileSettings
    let createdAt: Date
    let updatedAt: Date

    init(row: Row) throws {
        (id, settings, createdAt, updatedAt) = try StoreRecords.profile(GRDBStoreRow(row))
    }

    /// The columns a user sets, in the order of `arguments(for:)`.
    static let settingsColumns = """
        name, tenant_id, client_id, authority_host, scope, certificate_id, certificate_path, password_ref,
        send_x5c, assertion_algorithm, app_object_id, graph_endpoint, graph_scope,
        renew_before, renew_register, renew_overlap, deploy_hook, deploy_targets
        """

    /// How many columns `settingsColumns` names (placeholders for INSERT and UPDATE).
    static let settingsColumnCount = settingsColumns.split(separator: ",").count

    /// Statement arguments for `settingsColumns`.
    static func arguments(for settings: ProfileSettings) -> StatementArguments {
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
