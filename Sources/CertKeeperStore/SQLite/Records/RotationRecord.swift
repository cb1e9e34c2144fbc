import Foundation
import GRDB

/// A `rotations` row joined with its profile's name.
struct RotationRecord: FetchableRecord {
    static let selection = """
        SELECT r.id, r.profile_id, p.name AS profile_name, r.revision, r.state, r.old_certificate_id,
               r.new_certificate_id, r.registration, r.graph_key_id, r.old_graph_key_id, r.attempts,
               r.last_error, r.started_at, r.state_entered_at, r.updated_at, r.finished_at,
               r.options, r.old_certificate_path, r.old_password_ref, r.new_certificate_path,
               r.new_password_ref, r.retire_after
        FROM rotations r JOIN profiles p ON p.id = r.profile_id
        """

    let rotation: StoredRotation

    init(row: Row) throws {
        let stateText: String = try row.decode(forColumn: "state")
        guard let state = RotationState(rawValue: stateText) else {
            throw StoreError(.database, "unknown rotation state \"\(stateText)\" in the inventory")
        }
        let registrationText: String? = try row.decode(forColumn: "registration")
        rotation = StoredRotation(
            id: try row.decode(forColumn: "id"),
            profileID: try row.decode(forColumn: "profile_id"),
            profileName: try row.decode(forColumn: "profile_name"),
            revision: try row.decode(forColumn: "revision"),
            state: state,
            oldCertificateID: try row.decode(forColumn: "old_certificate_id"),
            newCertificateID: try row.decode(forColumn: "new_certificate_id"),
            registration: registrationText.flatMap(RotationRegistration.init(rawValue:)),
            graphKeyID: try row.decode(forColumn: "graph_key_id"),
            oldGraphKeyID: try row.decode(forColumn: "old_graph_key_id"),
            attempts: try row.decode(forColumn: "attempts"),
            lastError: try row.decode(forColumn: "last_error"),
            startedAt: try row.decode(forColumn: "started_at"),
            stateEnteredAt: try row.decode(forColumn: "state_entered_at"),
            updatedAt: try row.decode(forColumn: "updated_at"),
            finishedAt: try row.decode(forColumn: "finished_at"),
            details: RotationDetails(
                optionsJSON: try row.decode(forColumn: "options"),
                oldCertificatePath: try row.decode(forColumn: "old_certificate_path"),
                oldPasswordReference: try row.decode(forColumn: "old_password_ref"),
                newCertificatePath: try row.decode(forColumn: "new_certificate_path"),
                newPasswordReference: try row.decode(forColumn: "new_password_ref"),
                retireAfter: try row.decode(forColumn: "retire_after")
            )
        )
    }
}
