import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

extension RotationRun {
    /// promoted → retired, once the overlap has passed: the old credential is removed from
    /// the application (Graph removeKey with a proof signed by the new certificate, or guided
    /// steps) and the old certificate marked retired; its files stay for rollback.
    ///
    /// Never removes the only working credential: the profile must still use the new
    /// certificate, the new certificate must get a fresh token now, and (Graph) the
    /// application must list it, or nothing is removed.
    func retire(_ rotation: StoredRotation) async throws(CoreError) -> StoredRotation {
        let profile = try profile(of: rotation)
        guard profile.settings.certificateID == rotation.newCertificateID else {
            throw CoreError(
                .conflict,
                "profile \(profile.name) no longer uses the certificate this rotation promoted: not retiring the old one; see certkeeper rotate status -p \(profile.name)"
            )
        }
        let new = try newCredential(rotation)
        do {
            _ = try await context.freshToken(tokenSettings(profile, forGraph: false), credential: new)
        } catch {
            _ = try recordAttempt(rotation, error.description)
            throw CoreError(
                error.code,
                "the new certificate no longer gets a token, so the old credential is kept: \(error.description)",
                underlying: error.underlying, tokenFailure: error.tokenFailure
            )
        }
        let old = try oldCertificate(rotation)
        var detail: [String: EventValue] = [:]
        switch rotation.registration ?? options.registration {
        case .graph:
            if let removed = try await removeFromApplication(old, keeping: new, profile: profile) {
                detail["removed_key_id"] = .string(removed)
            }
        case .guided:
            if let old {
                context.reporter.instructions(GuidedInstructions.removal(profile: profile, certificate: old, reason: "the new certificate works and the overlap has ended"))
            }
            detail["removal"] = "guided"
        }
        let retired = try advance(
            RotationTransition(
                rotationID: rotation.id, from: .promoted, to: .retired,
                certificateStates: rotation.oldCertificateID.map { [$0: .retired] } ?? [:], eventDetail: detail
            ))
        context.reporter.progress("retired the old certificate\(old.map { " \($0.sha1Thumbprint.hex)" } ?? "") (its files are kept)")
        return retired
    }

    /// Removes `certificate`'s credential through Graph, proving possession with `keeping`,
    /// which must be registered and stays. Returns the removed keyId; nil when it was gone.
    func removeFromApplication(
        _ certificate: X509Certificate?, keeping: ClientCertificateCredential, profile: StoredProfile
    ) async throws(CoreError) -> String? {
        guard let certificate, let objectID = profile.settings.applicationObjectID else { return nil }
        let graph = try context.graphClient(endpoint: profile.settings.graphEndpoint)
        let token = try await context.freshToken(tokenSettings(profile, forGraph: true), credential: keeping).token
        let application = try await graphCall { () async throws(EntraError) in try await graph.application(objectID: objectID, accessToken: token) }
        guard application.keyCredential(for: keeping.certificate) != nil else {
            throw CoreError(
                .conflict,
                "application \(objectID) does not list the certificate that would remain (\(keeping.certificate.sha1Thumbprint.hex)): not removing \(certificate.sha1Thumbprint.hex), which may be the only working credential"
            )
        }
        guard let credential = application.keyCredential(for: certificate) else {
            context.reporter.progress("certificate \(certificate.sha1Thumbprint.hex) is no longer registered with application \(objectID)")
            return nil
        }
        try await graphCall { () async throws(EntraError) in
            try await graph.removeKey(objectID: objectID, keyID: credential.keyId, proofSigner: keeping, accessToken: token)
        }
        context.faults.reached("after-remove-key")
        context.reporter.progress("removed certificate \(certificate.sha1Thumbprint.hex) from application \(objectID) through Graph removeKey (keyId \(credential.keyId))")
        return credential.keyId
    }

    /// The rotation's old certificate, from the inventory (its file may be gone by now).
    func oldCertificate(_ rotation: StoredRotation) throws(CoreError) -> X509Certificate? {
        try inventoryCertificate(id: rotation.oldCertificateID)
    }

    /// A certificate as the inventory records it: public, so no file or password is needed.
    func inventoryCertificate(id: Int64?) throws(CoreError) -> X509Certificate? {
        guard let id,
            let entry = try context.ledger({ (store) throws(StoreError) in try store.certificate(id: id) })
        else { return nil }
        do { return try X509Certificate(der: entry.certificate.facts.der) } catch {
            throw CoreError.crypto(error, path: "certificate #\(id) in the inventory")
        }
    }
}
