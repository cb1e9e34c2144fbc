import Foundation

/// Rows of either schema as model values: one mapping for both stores (the column lists are
/// the SQLite records'; `StoreRow` hides how each store decodes a value).
enum StoreRecords {
    static func certificate(_ row: some StoreRow) throws -> StoredCertificate {
        let stateText = try row.string("state")
        guard let state = CertificateState(rawValue: stateText) else {
            throw StoreError(.database, "unknown certificate state \"\(stateText)\" in the inventory")
        }
        let facts = CertificateFacts(
            sha1Thumbprint: try row.string("sha1_thumbprint"), sha256Thumbprint: try row.string("sha256_thumbprint"),
            subject: try row.string("subject"), subjectCommonName: try row.optionalString("subject_cn"),
            issuer: try row.string("issuer"), issuerCommonName: try row.optionalString("issuer_cn"),
            serialNumber: try row.string("serial_number"), notBefore: try row.date("not_before"), notAfter: try row.date("not_after"),
            keyType: try row.string("key_type"), keyBits: try row.int("key_bits"), isSelfSigned: try row.bool("self_signed"),
            der: try row.bytes("der")
        )
        return StoredCertificate(
            id: try row.int64("id"), facts: facts, state: state, createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at")
        )
    }

    /// A `certificate_files` row; `prefix` for joined columns (`f_path`, …); nil when a LEFT
    /// JOIN found no file.
    static func file(_ row: some StoreRow, prefix: String = "", certificateID: Int64? = nil) throws -> CertificateFile? {
        guard let path = try row.optionalString("\(prefix)path") else { return nil }
        let formatText = try row.string("\(prefix)format")
        guard let format = CertificateFileFormat(rawValue: formatText) else {
            throw StoreError(.database, "unknown file format \"\(formatText)\" in the inventory")
        }
        return CertificateFile(
            certificateID: try certificateID ?? row.int64("certificate_id"), path: path, format: format,
            hasPrivateKey: try row.bool("\(prefix)has_private_key"), passwordReference: try row.optionalString("\(prefix)password_ref"),
            firstSeenAt: try row.date("\(prefix)first_seen_at"), lastSeenAt: try row.date("\(prefix)last_seen_at")
        )
    }

    static func profile(_ row: some StoreRow) throws -> (id: Int64, settings: ProfileSettings, createdAt: Date, updatedAt: Date) {
        let algorithmText = try row.string("assertion_algorithm")
        guard let algorithm = AssertionAlgorithm(rawValue: algorithmText) else {
            throw StoreError(.database, "unknown assertion algorithm \"\(algorithmText)\" in the inventory")
        }
        let settings = ProfileSettings(
            name: try row.string("name"), tenantID: try row.string("tenant_id"), clientID: try row.string("client_id"),
            authorityHost: try row.string("authority_host"), scope: try row.string("scope"),
            certificateID: try row.optionalInt64("certificate_id"), certificatePath: try row.optionalString("certificate_path"),
            passwordReference: try row.optionalString("password_ref"), sendCertificateChain: try row.bool("send_x5c"),
            assertionAlgorithm: algorithm, applicationObjectID: try row.optionalString("app_object_id"),
            graphEndpoint: try row.string("graph_endpoint"), graphScope: try row.string("graph_scope"), renewal: try renewal(row)
        )
        return (try row.int64("id"), settings, try row.date("created_at"), try row.date("updated_at"))
    }

    private static func renewal(_ row: some StoreRow) throws -> RenewalPolicy {
        let registrationText = try row.string("renew_register")
        let registration: RotationRegistration?
        if registrationText == "off" {
            registration = nil
        } else if let known = RotationRegistration(rawValue: registrationText) {
            registration = known
        } else {
            throw StoreError(.database, "unknown renewal registration \"\(registrationText)\" in the inventory")
        }
        guard let targets = try? JSONDecoder().decode([String].self, from: Data(try row.string("deploy_targets").utf8)) else {
            throw StoreError(.database, "unreadable deploy targets in the inventory")
        }
        return RenewalPolicy(
            renewBefore: try row.string("renew_before"), registration: registration, overlapSeconds: try row.int64("renew_overlap"),
            deployHook: try row.optionalString("deploy_hook"), deployTargets: targets
        )
    }

    /// The stored form of a profile's deploy targets.
    static func deployTargetsJSON(_ targets: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(targets)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// A `rotations` row joined with its profile's name (`RotationRecord.selection`).
    static func rotation(_ row: some StoreRow) throws -> StoredRotation {
        let stateText = try row.string("state")
        guard let state = RotationState(rawValue: stateText) else {
            throw StoreError(.database, "unknown rotation state \"\(stateText)\" in the inventory")
        }
        return StoredRotation(
            id: try row.int64("id"), profileID: try row.int64("profile_id"), profileName: try row.string("profile_name"),
            revision: try row.int("revision"), state: state,
            oldCertificateID: try row.optionalInt64("old_certificate_id"), newCertificateID: try row.optionalInt64("new_certificate_id"),
            registration: try row.optionalString("registration").flatMap(RotationRegistration.init(rawValue:)),
            graphKeyID: try row.optionalString("graph_key_id"), oldGraphKeyID: try row.optionalString("old_graph_key_id"),
            attempts: try row.int("attempts"), lastError: try row.optionalString("last_error"),
            startedAt: try row.date("started_at"), stateEnteredAt: try row.date("state_entered_at"),
            updatedAt: try row.date("updated_at"), finishedAt: try row.optionalDate("finished_at"),
            details: RotationDetails(
                optionsJSON: try row.string("options"), oldCertificatePath: try row.optionalString("old_certificate_path"),
                oldPasswordReference: try row.optionalString("old_password_ref"),
                newCertificatePath: try row.optionalString("new_certificate_path"),
                newPasswordReference: try row.optionalString("new_password_ref"), retireAfter: try row.optionalDate("retire_after")
            )
        )
    }

    static func event(_ row: some StoreRow) throws -> AuditEvent {
        let detail = (try? JSONDecoder().decode([String: EventValue].self, from: Data(try row.string("detail").utf8))) ?? [:]
        return AuditEvent(
            id: try row.int64("id"), occurredAt: try row.date("occurred_at"), action: try row.string("action"),
            actor: try row.optionalString("actor"), host: try row.optionalString("host"), profileName: try row.optionalString("profile_name"),
            certificateID: try row.optionalInt64("certificate_id"), rotationID: try row.optionalInt64("rotation_id"), detail: detail
        )
    }

    /// The stored form of an event's detail (sorted keys, no escaped slashes).
    static func eventJSON(_ detail: [String: EventValue]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(detail), as: UTF8.self)
    }
}
