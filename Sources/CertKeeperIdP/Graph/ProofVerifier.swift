import CertKeeperCrypto
import Foundation

/// The proof-of-possession JWT of addKey/removeKey (docs/ARCHITECTURE.md, "Protocol facts"): RS256 with `x5t`, `aud`
/// 00000002-0000-0000-c000-000000000000, `iss` = the application's OBJECT id, lifetime at
/// most 10 minutes, signed by a currently valid registered certificate, no `=` padding.
struct ProofVerifier {
    static let audience = "00000002-0000-0000-c000-000000000000"
    static let maximumLifetime: TimeInterval = 600

    private struct Header: Decodable {
        let alg: String?
        let x5t: String?
    }

    private struct Claims: Decodable {
        let aud: String?
        let iss: String?
        let nbf: Double?
        let exp: Double?
    }

    let settings: EmulatorSettings

    /// The certificates that may sign a proof now: registered, replicated, inside their validity, RSA ≥ 2048.
    func signingCandidates(_ record: ApplicationRecord, now: Date) -> [KeyCredential] {
        record.keys.filter {
            $0.isReplicated(at: now, delay: settings.replicationDelay) && $0.certificate.isValid(at: now)
                && !CredentialPolicy.isWeak($0.certificate) && $0.certificate.keyAlgorithm.isRSA
        }
    }

    func verify(_ proof: String, record: ApplicationRecord, now: Date) throws(GraphError) {
        guard !proof.contains("=") else {
            throw .invalidProof("The proof contains '=' padding: JWS parts are base64url without padding.")
        }
        guard let jws = try? CompactJWS(parsing: proof),
            let header = JSON.decode(Header.self, from: jws.headerJSON),
            let claims = JSON.decode(Claims.self, from: jws.payloadJSON)
        else {
            throw .invalidProof("The proof is not a compact JWS with JSON header and claims.")
        }
        guard header.alg == "RS256" else { throw .invalidProof("The proof must be signed with RS256, not \(header.alg ?? "nothing").") }
        guard claims.aud == Self.audience else { throw .invalidProof("The proof's aud must be \(Self.audience).") }
        let application = record.application
        if claims.iss == application.clientID && application.clientID != application.objectID {
            throw .invalidProof("The proof's iss is the client id (appId); it must be the application's object id \(application.objectID).")
        }
        guard claims.iss == application.objectID else {
            throw .invalidProof("The proof's iss must be the application's object id \(application.objectID).")
        }
        guard let notBefore = claims.nbf, let expiry = claims.exp else { throw .invalidProof("The proof needs nbf and exp.") }
        guard expiry - notBefore <= Self.maximumLifetime, expiry > notBefore else {
            throw .invalidProof("The proof's lifetime (exp - nbf) must be positive and at most 10 minutes.")
        }
        let current = now.timeIntervalSince1970
        guard notBefore - settings.clockSkew <= current, current <= expiry + settings.clockSkew else {
            throw .invalidProof("The proof is outside its validity period (nbf…exp).")
        }
        guard header.x5t?.contains("=") != true else {
            throw .invalidProof("The proof's x5t has '=' padding: use base64url without padding.")
        }
        guard let x5t = header.x5t, let thumbprint = Base64URL.decode(x5t), thumbprint.count == 20 else {
            throw .invalidProof("The proof header needs x5t, the signing certificate's SHA-1 thumbprint in base64url.")
        }
        guard let signer = signingCandidates(record, now: now).first(where: { $0.certificate.sha1Thumbprint.bytes == thumbprint }) else {
            throw .invalidProof("The proof is not signed by a currently valid certificate of the application.")
        }
        guard let publicKey = signer.certificate.publicKey,
            (try? jws.isValidSignature(publicKey: publicKey, algorithm: .rs256)) == true
        else {
            throw .invalidProof("The proof's signature does not verify.")
        }
    }
}
