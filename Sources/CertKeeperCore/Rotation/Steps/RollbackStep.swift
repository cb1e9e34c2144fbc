import CertKeeperBase
import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

extension RotationRun {
    /// Ends an unfinished rotation with the profile on its old certificate. Before promotion
    /// the profile never left it: the new credential is withdrawn (Graph removeKey with a
    /// proof signed by the old certificate, or guided steps). After promotion the profile is
    /// re-pointed first — only if the old certificate is unexpired and still gets a token —
    /// and the new credential withdrawn after, so the profile is never without a working one.
    func rollBack(_ rotation: StoredRotation, reason: String) async throws(CoreError) -> StoredRotation {
        var states: [Int64: CertificateState] = [:]
        if let newID = rotation.newCertificateID { states[newID] = .retired }
        let detail: [String: EventValue] = ["reason": .string(reason)]
        switch rotation.state {
        case .started:
            return try finishRollback(rotation, states: states, detail: detail)
        case .verified:
            // Vault targets may already hold the new certificate (promotion was next).
            try await restoreVaults(rotation, to: try oldCredential(rotation))
            try await withdrawNewCredential(rotation)
            return try finishRollback(rotation, states: states, detail: detail)
        case .staged, .registered:
            try await withdrawNewCredential(rotation)
            return try finishRollback(rotation, states: states, detail: detail)
        case .promoted:
            let old = try oldCredential(rotation)
            try await requireWorking(old, rotation: rotation)
            // Apps that read the vault go back first: the new credential is withdrawn last.
            try await restoreVaults(rotation, to: old)
            guard let oldID = rotation.oldCertificateID, let path = rotation.details.oldCertificatePath else {
                throw CoreError(.invalidInput, "rotation #\(rotation.revision) has no record of the old certificate to return to")
            }
            states[oldID] = .active
            let rolledBack = try advance(
                RotationTransition(
                    rotationID: rotation.id, from: .promoted, to: .rolledBack,
                    repointProfile: .init(certificateID: oldID, certificatePath: path, passwordReference: rotation.details.oldPasswordReference),
                    certificateStates: states, eventDetail: detail
                ))
            context.reporter.progress("profile \(rotation.profileName) signs with its old certificate \(old.certificate.sha1Thumbprint.hex) again")
            try await withdrawNewCredential(rotation)
            return rolledBack
        case .retired, .completed, .rolledBack:
            throw CoreError(
                .conflict,
                "rotation #\(rotation.revision) of profile \(rotation.profileName) is \(rotation.state.rawValue): nothing to roll back; use --to REVISION to return to an earlier certificate"
            )
        }
    }

    private func finishRollback(_ rotation: StoredRotation, states: [Int64: CertificateState], detail: [String: EventValue]) throws(CoreError) -> StoredRotation {
        let rolledBack = try advance(
            RotationTransition(
                rotationID: rotation.id, from: rotation.state, to: .rolledBack, certificateStates: states, eventDetail: detail
            ))
        context.reporter.progress("rotation #\(rotation.revision) of profile \(rotation.profileName) rolled back; the profile keeps its certificate")
        return rolledBack
    }

    /// Takes the new certificate off the application, signing with the old one. A failure
    /// here leaves an unused credential registered, which is reported, not fatal. Only the
    /// new certificate is needed — from the inventory, so a runner without the staged key
    /// (or its password) can still abandon the rotation.
    private func withdrawNewCredential(_ rotation: StoredRotation) async throws(CoreError) {
        guard rotation.details.newCertificatePath != nil, let new = try inventoryCertificate(id: rotation.newCertificateID) else { return }
        let profile = try profile(of: rotation)
        switch rotation.registration ?? options.registration {
        case .guided:
            context.reporter.instructions(
                GuidedInstructions.removal(profile: profile, certificate: new, reason: "the rotation was rolled back (skip this if you never uploaded it)"))
        case .graph:
            do {
                let old = try oldCredential(rotation)
                _ = try await removeFromApplication(new, keeping: old, profile: profile)
            } catch {
                context.reporter.warning(
                    "could not remove the new certificate \(new.sha1Thumbprint.hex) from the application (\(error.description)): it is unused; remove it in the portal under Certificates & secrets"
                )
            }
        }
    }

    /// After a rollback that died between re-pointing the profile and withdrawing the new
    /// credential (Graph registration): withdraws it now, if the profile is on the old
    /// certificate and the application still lists the new one. Returns whether it did.
    func withdrawLeftover(_ rotation: StoredRotation) async throws(CoreError) -> Bool {
        guard rotation.state == .rolledBack, (rotation.registration ?? options.registration) == .graph,
            rotation.details.newCertificatePath != nil, let new = try inventoryCertificate(id: rotation.newCertificateID),
            try profile(of: rotation).settings.certificateID == rotation.oldCertificateID
        else { return false }
        guard try await removeFromApplication(new, keeping: try oldCredential(rotation), profile: try profile(of: rotation)) != nil else {
            return false
        }
        context.reporter.progress(
            "rotation #\(rotation.revision) was rolled back; its new certificate \(new.sha1Thumbprint.hex), left registered by an interrupted rollback, is withdrawn")
        return true
    }

    /// The certificate about to be relied on must be valid now and get a fresh token.
    func requireWorking(_ credential: ClientCertificateCredential, rotation: StoredRotation) async throws(CoreError) {
        let profile = try profile(of: rotation)
        let certificate = credential.certificate
        guard certificate.isValid(at: context.clock()) else {
            throw CoreError(
                .conflict,
                "the old certificate \(certificate.sha1Thumbprint.hex) is outside its validity (until \(RFC3339.string(from: certificate.notAfter))): rolling back to it would break profile \(profile.name); the new certificate stays"
            )
        }
        do { _ = try await context.freshToken(tokenSettings(profile, forGraph: false), credential: credential) } catch {
            throw CoreError(
                error.code,
                "the old certificate \(certificate.sha1Thumbprint.hex) no longer gets a token, so the profile stays on the new one: \(error.description)",
                underlying: error.underlying, tokenFailure: error.tokenFailure
            )
        }
    }
}
