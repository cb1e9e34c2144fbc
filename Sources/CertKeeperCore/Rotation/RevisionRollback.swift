import CertKeeperBase
import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

/// `rotate rollback --to REVISION` once a profile's rotations are finished: points the
/// profile at the certificate that revision installed (0: the one before the first
/// rotation). Refused unless that certificate is unexpired and still gets a fresh token —
/// never re-point to an expired or unregistered certificate (certbot #10655's failure).
struct RevisionRollback {
    let context: RotationContext

    func repoint(profile: StoredProfile, to revision: Int) async throws(CoreError) {
        let rotations = try context.ledger { (store) throws(StoreError) in try store.rotations(profileName: profile.name) }
        let target = try Self.target(revision, in: rotations, profile: profile)
        guard target.certificateID != profile.settings.certificateID else {
            throw CoreError(.conflict, "profile \(profile.name) already uses the certificate of revision \(revision)")
        }
        let credential = try context.credential(
            path: target.certificatePath, passwordReference: target.passwordReference,
            purpose: "revision \(revision) of profile \(profile.name)"
        )
        let certificate = credential.certificate
        guard certificate.isValid(at: context.clock()) else {
            throw CoreError(
                .conflict,
                "the certificate of revision \(revision) (\(certificate.sha1Thumbprint.hex)) is outside its validity (until \(RFC3339.string(from: certificate.notAfter))): refusing to point profile \(profile.name) at it"
            )
        }
        do {
            _ = try await context.freshToken(TokenSettings(profile: profile.settings), credential: credential)
        } catch {
            throw CoreError(
                error.code,
                "the certificate of revision \(revision) (\(certificate.sha1Thumbprint.hex)) no longer gets a token (removed from the app registration?), so profile \(profile.name) stays where it is: \(error.description)",
                underlying: error.underlying, tokenFailure: error.tokenFailure
            )
        }
        // Apps that read a vault go back first, as in a rollback after promotion.
        try await restoreVaults(profile: profile, rotations: rotations, to: credential, revision: revision)
        _ = try context.ledger { (store) throws(StoreError) in
            try store.repointProfile(
                named: profile.name, to: target, certificateStates: [target.certificateID: .active],
                action: "profile.rolled_back",
                detail: ["revision": EventValue(revision), "sha1": .string(certificate.sha1Thumbprint.hex)]
            )
        }
        context.reporter.progress("profile \(profile.name) signs with the certificate of revision \(revision) (\(certificate.sha1Thumbprint.hex)) again")
    }

    /// The latest rotation's vault targets that hold the certificate the profile leaves get
    /// the revision's certificate imported as their newest version (docs/keyvault.md).
    private func restoreVaults(
        profile: StoredProfile, rotations: [StoredRotation], to credential: ClientCertificateCredential, revision: Int
    ) async throws(CoreError) {
        guard let latest = rotations.last, let path = profile.settings.certificatePath else { return }
        let run = RotationRun(context: context, options: try RotationOptions.decoded(from: latest.details.optionsJSON, rotation: latest))
        guard !(try run.vaultTargets()).isEmpty else { return }
        let leaving = try context.credential(
            path: path, passwordReference: profile.settings.passwordReference, purpose: "the current certificate of profile \(profile.name)"
        )
        try await run.restoreVaults(latest, leaving: leaving.certificate, to: credential, detail: ["revision": EventValue(revision)])
    }

    /// Revision 0 is the certificate before the first rotation; revision N the one rotation
    /// N promoted (it must have completed).
    static func target(
        _ revision: Int, in rotations: [StoredRotation], profile: StoredProfile
    ) throws(CoreError) -> RotationTransition.ProfileCertificate {
        if revision == 0 {
            guard let first = rotations.first, let id = first.oldCertificateID, let path = first.details.oldCertificatePath else {
                throw CoreError(.notFound, "profile \(profile.name) has no recorded certificate before its first rotation")
            }
            return .init(certificateID: id, certificatePath: path, passwordReference: first.details.oldPasswordReference)
        }
        guard let rotation = rotations.first(where: { $0.revision == revision }) else {
            throw CoreError(.notFound, "profile \(profile.name) has no rotation #\(revision): see certkeeper rotate list -p \(profile.name)")
        }
        guard rotation.state == .completed, let id = rotation.newCertificateID, let path = rotation.details.newCertificatePath else {
            throw CoreError(
                .conflict,
                "rotation #\(revision) of profile \(profile.name) is \(rotation.state.rawValue): only a completed rotation's certificate can be returned to"
            )
        }
        return .init(certificateID: id, certificatePath: path, passwordReference: rotation.details.newPasswordReference)
    }
}
