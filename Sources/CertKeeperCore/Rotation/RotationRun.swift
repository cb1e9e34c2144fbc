import CertKeeperBase
import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

/// One pass over a rotation: drives it from whatever state it is in as far as it can go.
/// The steps live in Steps/, one file each.
struct RotationRun: Sendable {
    let context: RotationContext
    let options: RotationOptions

    func drive(_ start: StoredRotation) async throws(CoreError) -> RotationOutcome {
        var rotation = start
        while true {
            switch rotation.state {
            case .started:
                rotation = try stage(rotation)
            case .staged:
                switch rotation.registration ?? options.registration {
                case .graph:
                    rotation = try await registerThroughGraph(rotation)
                case .guided:
                    guard let registered = try await awaitGuidedRegistration(rotation) else {
                        return .waitingForRegistration(rotation)
                    }
                    rotation = registered
                }
            case .registered:
                switch try await verify(rotation) {
                case .success(let verified):
                    rotation = verified
                case .failure(let cause):
                    context.reporter.warning("verification failed: \(cause.description); rolling back")
                    let rolledBack = try await rollBack(rotation, reason: cause.description)
                    return .rolledBack(rolledBack, cause: cause)
                }
            case .verified:
                do { try await deployToVaults(rotation) } catch {
                    _ = try recordAttempt(rotation, error.description)
                    throw error
                }
                rotation = try promote(rotation)
            case .promoted:
                try runDeployHookIfDue(rotation)
                let until = rotation.details.retireAfter ?? context.clock()
                if context.clock() < until {
                    context.reporter.progress(
                        "the old certificate stays registered until \(RFC3339.string(from: until)) (overlap); run certkeeper rotate resume -p \(rotation.profileName) after that to retire it"
                    )
                    return .waitingForOverlap(rotation, until: until)
                }
                rotation = try await retire(rotation)
            case .retired:
                rotation = try advance(RotationTransition(rotationID: rotation.id, from: .retired, to: .completed))
                context.reporter.progress("rotation #\(rotation.revision) of profile \(rotation.profileName) completed")
            case .completed:
                return .completed(rotation)
            case .rolledBack:
                return .rolledBack(rotation, cause: CoreError(.conflict, "rotation #\(rotation.revision) of profile \(rotation.profileName) was rolled back"))
            }
        }
    }

    /// Commits one transition and its audit event; then the crash switch for that state.
    func advance(_ transition: RotationTransition) throws(CoreError) -> StoredRotation {
        let rotation = try context.ledger { (store) throws(StoreError) in try store.advanceRotation(transition) }
        context.faults.reached("after-\(transition.to.rawValue)")
        return rotation
    }

    func profile(of rotation: StoredRotation) throws(CoreError) -> StoredProfile {
        guard let profile = try context.ledger({ (store) throws(StoreError) in try store.profile(named: rotation.profileName) }) else {
            throw CoreError(.notFound, "profile \(rotation.profileName) of rotation #\(rotation.revision) no longer exists")
        }
        return profile
    }

    /// The certificate the profile had when the rotation started.
    func oldCredential(_ rotation: StoredRotation) throws(CoreError) -> ClientCertificateCredential {
        guard let path = rotation.details.oldCertificatePath else {
            throw CoreError(.invalidInput, "rotation #\(rotation.revision) of profile \(rotation.profileName) has no record of the old certificate file")
        }
        return try context.credential(
            path: path, passwordReference: rotation.details.oldPasswordReference,
            purpose: "the old certificate of profile \(rotation.profileName)"
        )
    }

    /// The staged certificate, from this runner's copy (`StagedKeyLocator`).
    func newCredential(_ rotation: StoredRotation) throws(CoreError) -> ClientCertificateCredential {
        guard let path = StagedKeyLocator(context: context).localPath(rotation) else {
            throw CoreError(.invalidInput, "rotation #\(rotation.revision) of profile \(rotation.profileName) has no staged certificate yet")
        }
        return try context.credential(
            path: path, passwordReference: rotation.details.newPasswordReference,
            purpose: "the new certificate of profile \(rotation.profileName)"
        )
    }

    /// Token settings for the profile's own scope, or for Graph.
    func tokenSettings(_ profile: StoredProfile, forGraph: Bool) -> TokenSettings {
        var settings = TokenSettings(profile: profile.settings)
        if forGraph { settings.scope = profile.settings.graphScope }
        return settings
    }

    func recordAttempt(_ rotation: StoredRotation, _ error: String) throws(CoreError) -> StoredRotation {
        try context.ledger { (store) throws(StoreError) in
            try store.recordRotationAttempt(rotationID: rotation.id, in: rotation.state, error: error)
        }
    }

    func recordEvent(_ action: String, _ rotation: StoredRotation, _ detail: [String: EventValue]) throws(CoreError) {
        try context.ledger { (store) throws(StoreError) in
            try store.recordEvent(EventDraft(action: action, profileName: rotation.profileName, rotationID: rotation.id, detail: detail))
        }
    }
}
