import CertKeeperCrypto
import Foundation

/// Checks a client assertion against an application's registered certificates the way
/// Entra ID does (docs/ARCHITECTURE.md, "Protocol facts"). Replay of `jti` is checked by the caller, which owns the store.
struct AssertionVerifier {
    let settings: EmulatorSettings

    /// The key credential that signed `assertion`, or the AADSTS refusal.
    func verify(
        _ assertion: ReceivedAssertion, clientID: String, audience: String, record: ApplicationRecord, now: Date
    ) throws(AADSTSRefusal) -> KeyCredential {
        try checkIdentity(assertion.claims, clientID: clientID, audience: audience)
        try checkTime(assertion.claims, now: now)
        let key = try registeredKey(for: assertion.header, in: record, now: now)
        if CredentialPolicy.isWeak(key.certificate) {
            throw .weakKey(bits: key.certificate.keyAlgorithm.bits)
        }
        guard key.certificate.isValid(at: now) else {
            throw .certificateOutsideValidity(
                "Thumbprint: '\(key.certificate.sha1Thumbprint.hex)', valid \(EntraTimestamp.format(key.certificate.notBefore)) to \(EntraTimestamp.format(key.certificate.notAfter))."
            )
        }
        guard let publicKey = key.certificate.publicKey else {
            throw .signatureInvalid("The registered key cannot verify \(assertion.algorithm) signatures.")
        }
        let valid: Bool
        do {
            valid = try assertion.jws.isValidSignature(publicKey: publicKey, algorithm: assertion.algorithm)
        } catch {
            throw .signatureInvalid("The registered key cannot verify \(assertion.algorithm) signatures.")
        }
        guard valid else {
            throw .signatureInvalid("The signature does not verify with the certificate '\(key.certificate.sha1Thumbprint.hex)' (\(assertion.algorithm)).")
        }
        if let leaf = try assertion.x5cLeaf() {
            let certificate: X509Certificate
            do { certificate = try X509Certificate(der: leaf) } catch {
                throw .malformedAssertion("The first x5c entry is not a certificate.")
            }
            guard certificate.publicKey == publicKey else {
                throw .signatureInvalid("The x5c leaf certificate does not hold the key the header's thumbprint names.")
            }
        }
        guard let jti = assertion.claims.jti, !jti.isEmpty else {
            throw .malformedAssertion("The client assertion has no jti claim.")
        }
        return key
    }

    private func checkIdentity(_ claims: ReceivedAssertion.Claims, clientID: String, audience: String) throws(AADSTSRefusal) {
        guard let issuer = claims.iss, let subject = claims.sub else {
            throw .malformedAssertion("The client assertion needs iss and sub claims.")
        }
        guard issuer == subject else { throw .subjectMismatch() }
        guard issuer == clientID else { throw .clientIDMismatch() }
        guard let audiences = claims.aud?.values, audiences.contains(audience) else {
            throw .wrongAudience(expected: audience)
        }
    }

    private func checkTime(_ claims: ReceivedAssertion.Claims, now: Date) throws(AADSTSRefusal) {
        let current = now.timeIntervalSince1970
        guard let expiry = claims.exp else {
            throw .malformedAssertion("The client assertion has no exp claim.")
        }
        if expiry + settings.clockSkew < current {
            throw .outsideTimeRange("It expired at \(EntraTimestamp.format(Date(timeIntervalSince1970: expiry))); current time \(EntraTimestamp.format(now)).")
        }
        if let notBefore = claims.nbf, notBefore - settings.clockSkew > current {
            throw .outsideTimeRange("It is not valid before \(EntraTimestamp.format(Date(timeIntervalSince1970: notBefore))); current time \(EntraTimestamp.format(now)).")
        }
    }

    /// Finds the key by `x5t#S256` or `x5t` (padded or not) among the keys replicated so far.
    private func registeredKey(for header: ReceivedAssertion.Header, in record: ApplicationRecord, now: Date) throws(AADSTSRefusal) -> KeyCredential {
        let visible = record.keys.filter { $0.isReplicated(at: now, delay: settings.replicationDelay) }
        let thumbprint: Thumbprint
        if let text = header.x5t, Base64URL.decode(text)?.count == Thumbprint.Algorithm.sha256.byteCount {
            throw .keyNotFound("[Reason - x5t carries a SHA-256 digest; x5t is the SHA-1 thumbprint, put SHA-256 under x5t#S256.]")
        }
        if let text = header.x5tS256 {
            guard let bytes = Base64URL.decode(text), bytes.count == 32 else {
                throw .malformedAssertion("x5t#S256 is not a base64url SHA-256 thumbprint.")
            }
            thumbprint = Thumbprint(algorithm: .sha256, bytes: bytes)
        } else if let text = header.x5t {
            guard let bytes = Base64URL.decode(text), bytes.count == 20 else {
                throw .malformedAssertion("x5t is not a base64url SHA-1 thumbprint.")
            }
            thumbprint = Thumbprint(algorithm: .sha1, bytes: bytes)
        } else {
            throw .keyNotFound("[Reason - The assertion header has neither x5t#S256 nor x5t.]")
        }
        let match = visible.first { key in
            (thumbprint.algorithm == .sha256 ? key.certificate.sha256Thumbprint : key.certificate.sha1Thumbprint) == thumbprint
        }
        guard let match else {
            throw .keyNotFound(
                "[Reason - The key was not found., Thumbprint of key used by client: '\(thumbprint.hex)', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '\(record.application.clientID)'.]"
            )
        }
        return match
    }
}

/// How the emulator behaves, from `serve`'s options.
public struct EmulatorSettings: Sendable {
    /// A newly added key is accepted by the token endpoint only this long after it was added.
    public var replicationDelay: TimeInterval
    /// Tolerance on assertion `exp`/`nbf`: 5 minutes, like Entra.
    public var clockSkew: TimeInterval
    /// `expires_in` of issued access tokens.
    public var tokenLifetime: TimeInterval

    public init(replicationDelay: TimeInterval = 0, clockSkew: TimeInterval = 300, tokenLifetime: TimeInterval = 3599) {
        self.replicationDelay = replicationDelay
        self.clockSkew = clockSkew
        self.tokenLifetime = tokenLifetime
    }
}
