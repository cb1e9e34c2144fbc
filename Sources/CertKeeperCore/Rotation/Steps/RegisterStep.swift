import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

extension RotationRun {
    /// staged → registered through Graph: a Graph token with the current certificate, then
    /// `addKey` with a proof signed by it — unless the application already lists the new
    /// certificate (a crash after addKey), in which case its keyId is taken. Always appends;
    /// never replaces the credential list.
    func registerThroughGraph(_ rotation: StoredRotation) async throws(CoreError) -> StoredRotation {
        let profile = try profile(of: rotation)
        guard let objectID = profile.settings.applicationObjectID else {
            throw CoreError(.invalidInput, "profile \(profile.name) has no application object id for Graph: certkeeper profile edit \(profile.name) --app-object-id GUID")
        }
        let old = try oldCredential(rotation)
        let new = try newCredential(rotation)
        guard old.certificate.isValid(at: context.clock()) else {
            throw CoreError(
                .invalidInput,
                "the current certificate \(old.certificate.sha1Thumbprint.hex) is outside its validity, so Graph addKey (which needs a proof signed by a valid registered certificate) is impossible: roll back (certkeeper rotate rollback -p \(profile.name)) and rotate with --register guided"
            )
        }
        let graph = try context.graphClient(endpoint: profile.settings.graphEndpoint)
        let token = try await context.freshToken(tokenSettings(profile, forGraph: true), credential: old).token
        let application = try await graphCall { () async throws(EntraError) in try await graph.application(objectID: objectID, accessToken: token) }
        let keyID: String
        if let existing = application.keyCredential(for: new.certificate) {
            keyID = existing.keyId
            context.reporter.progress("the application already lists the new certificate (keyId \(keyID)): not adding it again")
        } else {
            let added = try await graphCall { () async throws(EntraError) in
                try await graph.addKey(
                    objectID: objectID, certificate: new.certificate,
                    displayName: "\(new.certificate.subject) (certkeeper \(profile.name) revision \(rotation.revision))",
                    proofSigner: old, accessToken: token
                )
            }
            context.faults.reached("after-add-key")
            keyID = added.keyId
            context.reporter.progress("added the new certificate to application \(objectID) through Graph addKey (keyId \(keyID))")
        }
        let oldKeyID = application.keyCredential(for: old.certificate)?.keyId
        return try advance(
            RotationTransition(
                rotationID: rotation.id, from: .staged, to: .registered, registration: .graph,
                graphKeyID: keyID, oldGraphKeyID: oldKeyID,
                eventDetail: ["key_id": .string(keyID), "application_object_id": .string(objectID)]
            ))
    }

    /// staged → registered, guided: the operator uploads the `.cer`; registration is
    /// observed by a token acquired with the new certificate. Without --wait one probe is
    /// made; with it, probes continue with back-off until --verify-timeout. Returns nil when
    /// the certificate is not accepted yet (the rotation stays staged).
    func awaitGuidedRegistration(_ rotation: StoredRotation) async throws(CoreError) -> StoredRotation? {
        let profile = try profile(of: rotation)
        let new = try newCredential(rotation)
        let deadline = context.clock().addingTimeInterval(options.verifyTimeout)
        var printed = false
        var attempt = 0
        while true {
            attempt += 1
            do {
                let outcome = try await context.freshToken(tokenSettings(profile, forGraph: false), credential: new)
                context.reporter.progress("the new certificate \(new.certificate.sha1Thumbprint.hex) is registered: it got a token (\(outcome.algorithm?.rawValue ?? "cached"))")
                return try advance(
                    RotationTransition(
                        rotationID: rotation.id, from: .staged, to: .registered, registration: .guided,
                        eventDetail: ["observed_by": "token", "attempts": EventValue(attempt)]
                    ))
            } catch {
                guard Self.meansNotYetRegistered(error) else { throw error }
                if !printed {
                    let pfxPath = StagedKeyLocator(context: context).localPath(rotation)
                    context.reporter.instructions(
                        GuidedInstructions.upload(rotation: rotation, pfxPath: pfxPath, profile: profile, certificate: new.certificate))
                    printed = true
                }
                guard options.waitForRegistration else {
                    _ = try recordAttempt(rotation, error.description)
                    return nil
                }
                let delay = backoff(afterAttempt: attempt)
                guard context.clock().addingTimeInterval(delay) < deadline else {
                    _ = try recordAttempt(rotation, error.description)
                    throw CoreError(
                        .conflict,
                        "the new certificate \(new.certificate.sha1Thumbprint.hex) was not accepted within \(Int(options.verifyTimeout)) s: upload it (see above), then run certkeeper rotate resume -p \(profile.name); or give up with certkeeper rotate rollback -p \(profile.name)",
                        tokenFailure: error.tokenFailure
                    )
                }
                context.reporter.progress("waiting for the upload to take effect (\(Self.reason(error))); next check in \(Int(delay)) s")
                await context.sleep(delay)
            }
        }
    }

    /// AADSTS700027 (key not found yet) or throttling: worth waiting for.
    static func meansNotYetRegistered(_ error: CoreError) -> Bool {
        guard let failure = error.tokenFailure else { return false }
        if failure.code == .throttled { return true }
        guard let diagnosis = failure.diagnosis else { return false }
        return diagnosis.errorCodes.contains(700027) || diagnosis.isTransient
    }

    static func reason(_ error: CoreError) -> String {
        if let codes = error.tokenFailure?.diagnosis?.errorCodes, let first = codes.first { return "AADSTS\(first)" }
        return error.tokenFailure?.code.description ?? error.code.description
    }

    /// 1, 2, 4, 8 … seconds, capped at the context's maximum.
    func backoff(afterAttempt attempt: Int) -> Double {
        min(context.maximumBackoff, pow(2, Double(min(attempt, 16) - 1)))
    }

    func graphCall<Result>(_ body: () async throws(EntraError) -> Result) async throws(CoreError) -> Result {
        do { return try await body() } catch { throw CoreError.identityPlatform(error) }
    }
}
