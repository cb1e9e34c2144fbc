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
        let algorithmText: String = try row.decode(forColumn: "assertion_algorithm")
        guard let algorithm = AssertionAlgorithm(rawValue: algorithmText) else {
            throw StoreError(.database, "unknown assertion algorithm \"\(algorithmText)\" in the inventory")
        }
        id = try row.decode(forColumn: "id")
        settings = ProfileSettings(
            name: try row.decode(forColumn: "name"),
            tenantID: try row.decode(forColumn: "tenant_id"),
            clientID: try row.decode(forColumn: "client_id"),
            authorityHost: try row.decode(forColumn: "authority_host"),
            scope: try row.decode(forColumn: "scope"),
            certificateID: try row.decode(forColumn: "certificate_id"),
            certificatePath: try row.decode(forColumn: "certificate_path"),
            passwordReference: try row.decode(forColumn: "password_ref"),
            sendCertificateChain: try row.decode(forColumn: "send_x5c"),
            assertionAlgorithm: algorithm,
            applicationObjectID: try row.decode(forColumn: "app_object_id"),
            graphEndpoint: try row.decode(forColumn: "graph_endpoint"),
            graphScope: try row.decode(forColumn: "graph_scope"),
            renewal: try Self.renewal(row)
        )
        createdAt = try row.decode(forColumn: "created_at")
        updatedAt = try row.decode(forColumn: "updated_at")
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
            settings.renewal.deployHook, encodedTargets(settings.renewal.deployTargets),
        ]
    }

    private static func renewal(_ row: Row) throws -> RenewalPolicy {
        let registrationText: String = try row.decode(forColumn: "renew_register")
        let registration: RotationRegistration?
        if registrationText == "off" {
            registration = nil
        } else if let known = RotationRegistration(rawValue: registrationText) {
            registration = known
        } else {
            throw StoreError(.database, "unknown renewal registration \"\(registrationText)\" in the inventory")
        }
        let targetsJSON: String = try row.decode(forColumn: "deploy_targets")
        guard let targets = try? JSONDecoder().decode([String].self, from: Data(targetsJSON.utf8)) else {
            throw StoreError(.database, "unreadable deploy targets in the inventory")
        }
        return RenewalPolicy(
            renewBefore: try row.decode(forColumn: "renew_before"), registration: registration,
            overlapSeconds: try row.decode(forColumn: "renew_overlap"),
            deployHook: try row.decode(forColumn: "deploy_hook"), deployTargets: targets
        )
    }

    private static func encodedTargets(_ targets: [String]) -> String {
        let data = (try? JSONEncoder().encode(targets)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
