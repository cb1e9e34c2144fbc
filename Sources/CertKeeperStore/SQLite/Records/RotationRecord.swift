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

    init(row: Row) throws { rotation = try StoreRecords.rotation(GRDBStoreRow(row)) }
}
