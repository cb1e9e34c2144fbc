import Foundation

/// The rotation checks and audit details both stores apply inside their transactions: one
/// definition, so SQLite and PostgreSQL refuse, word and record a rotation step alike. The
/// SQL that reads and writes the rows stays in each store.
extension InventoryRules {
    /// `rotate start` for a profile whose last rotation is not finished.
    static func rotationAlreadyOpen(_ open: StoredRotation, profile: String) -> StoreError {
        StoreError(
            .conflict,
            "profile \(profile) already has an unfinished rotation (#\(open.revision), \(open.state.rawValue)): resume it with certkeeper rotate resume -p \(profile) or roll it back"
        )
    }

    /// Re-pointing (or updating) a profile whose rotation is not finished.
    static func repointBlocked(by open: StoredRotation, profile: String) -> StoreError {
        StoreError(
            .conflict,
            "profile \(profile) has an unfinished rotation (#\(open.revision), \(open.state.rawValue)): roll that back first with certkeeper rotate rollback -p \(profile)"
        )
    }

    /// A step only moves a rotation from the state it read: another runner may have moved it.
    static func requireState(_ rotation: StoredRotation, _ expected: RotationState) throws(StoreError) {
        guard rotation.state == expected else {
            throw StoreError(
                .conflict,
                "rotation #\(rotation.revision) of profile \(rotation.profileName) is \(rotation.state.rawValue), not \(expected.rawValue): another certkeeper process moved it on; see certkeeper rotate status -p \(rotation.profileName)"
            )
        }
    }

    static func rotationNotFound(_ id: Int64) -> StoreError { StoreError(.notFound, "no rotation with id \(id)") }

    /// `rotation.<state>`'s detail: the caller's, plus where it came from.
    static func transitionDetail(_ transition: RotationTransition, of rotation: StoredRotation) -> [String: EventValue] {
        var detail = transition.eventDetail
        detail["from"] = .string(transition.from.rawValue)
        detail["revision"] = EventValue(rotation.revision)
        if let repoint = transition.repointProfile { detail["certificate_path"] = .string(repoint.certificatePath) }
        return detail
    }

    static func attemptFailedDetail(_ rotation: StoredRotation, in state: RotationState, error: String) -> [String: EventValue] {
        ["state": .string(state.rawValue), "attempt": EventValue(rotation.attempts + 1), "error": .string(error)]
    }

    /// A profile re-pointed outside a rotation: the caller's detail, the new and the old path.
    static func repointDetail(
        _ detail: [String: EventValue], to certificate: RotationTransition.ProfileCertificate, from settings: ProfileSettings
    ) -> [String: EventValue] {
        var eventDetail = detail
        eventDetail["certificate_path"] = .string(certificate.certificatePath)
        eventDetail["previous_certificate_path"] = settings.certificatePath.map(EventValue.string)
        return eventDetail
    }

    static func stateChangedDetail(from previous: String, to state: CertificateState) -> [String: EventValue] {
        ["from": .string(previous), "to": .string(state.rawValue)]
    }
}
