import CertKeeperEntra
import CertKeeperStore
import Foundation

extension RotationRun {
    enum VerificationResult {
        case success(StoredRotation)
        /// The new certificate does not work: the caller rolls back.
        case failure(CoreError)
    }

    /// registered → verified: a fresh token (never the cache) with the NEW certificate,
    /// retried with back-off while Entra answers AADSTS700027 (normal for minutes after
    /// registration while the directory replicates) or throttles, until --verify-timeout.
    /// An unreachable authority is not evidence against the certificate: that throws, the
    /// rotation stays registered, and `resume` tries again.
    func verify(_ rotation: StoredRotation) async throws(CoreError) -> VerificationResult {
        let profile = try profile(of: rotation)
        let new = try newCredential(rotation)
        let deadline = context.clock().addingTimeInterval(options.verifyTimeout)
        var attempt = 0
        while true {
            attempt += 1
            do {
                let outcome = try await context.freshToken(tokenSettings(profile, forGraph: false), credential: new)
                let algorithm = outcome.algorithm?.rawValue ?? "?"
                context.reporter.progress("verified: the new certificate \(new.certificate.sha1Thumbprint.hex) got a token (\(algorithm), attempt \(attempt))")
                return .success(
                    try advance(
                        RotationTransition(
                            rotationID: rotation.id, from: .registered, to: .verified,
                            eventDetail: ["algorithm": .string(algorithm), "attempts": EventValue(attempt)]
                        )))
            } catch {
                if let code = error.tokenFailure?.code, code == .unreachable || code == .timeout {
                    _ = try recordAttempt(rotation, error.description)
                    throw CoreError(
                        error.code,
                        "\(error.description) — the rotation stays at 'registered'; run certkeeper rotate resume -p \(profile.name) once the authority is reachable",
                        underlying: error.underlying, tokenFailure: error.tokenFailure
                    )
                }
                guard Self.meansNotYetRegistered(error) else { return .failure(error) }
                let delay = backoff(afterAttempt: attempt)
                guard context.clock().addingTimeInterval(delay) < deadline else {
                    return .failure(
                        CoreError(
                            error.code,
                            "the new certificate was still refused after \(Int(options.verifyTimeout)) s (\(Self.reason(error))): \(error.description)",
                            underlying: error.underlying, tokenFailure: error.tokenFailure
                        ))
                }
                context.reporter.progress("the new certificate is not accepted yet (\(Self.reason(error)): the directory may still be replicating); retrying in \(Int(delay)) s")
                await context.sleep(delay)
            }
        }
    }
}
