import CertKeeperCrypto
import Foundation

/// Builds client assertions and Graph proofs with CertKeeperCrypto's CompactJWS; every
/// header member and claim can be changed to make the rejection under test.
struct AssertionBuilder {
    var credential: TestCredential
    var algorithm: JWSAlgorithm = .ps256
    var header: [String: Any]
    var claims: [String: Any]
    /// Signs with this key instead of the credential's (a bad signature).
    var signingKey: PrivateKey?

    /// A client assertion as docs/ARCHITECTURE.md ("Protocol facts") describes it: PS256 + x5t#S256.
    init(credential: TestCredential, audience: String, clientID: String = IdPFixture.clientID, now: Date) {
        self.credential = credential
        let seconds = Int(now.timeIntervalSince1970)
        header = ["alg": "PS256", "typ": "JWT", "x5t#S256": credential.certificate.sha256Thumbprint.base64URL]
        claims = [
            "aud": audience, "iss": clientID, "sub": clientID, "jti": UUID().uuidString,
            "nbf": seconds, "exp": seconds + 600, "iat": seconds,
        ]
    }

    /// A Graph proof of possession: RS256 + x5t, aud 00000002-…, iss = object id, 10 minutes.
    static func proof(credential: TestCredential, issuer: String = IdPFixture.objectID, now: Date, lifetime: Int = 600) -> AssertionBuilder {
        var builder = AssertionBuilder(credential: credential, audience: "00000002-0000-0000-c000-000000000000", clientID: issuer, now: now)
        builder.useRS256()
        let seconds = Int(now.timeIntervalSince1970)
        builder.claims = ["aud": "00000002-0000-0000-c000-000000000000", "iss": issuer, "nbf": seconds, "exp": seconds + lifetime]
        return builder
    }

    /// RS256 with the SHA-1 thumbprint under x5t (the legacy form).
    mutating func useRS256(padded: Bool = false) {
        algorithm = .rs256
        header = ["alg": "RS256", "typ": "JWT", "x5t": credential.certificate.sha1Thumbprint.base64URL + (padded ? "=" : "")]
    }

    func compact() throws -> String {
        let headerJSON = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        let claimsJSON = try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])
        return try CompactJWS.sign(
            headerJSON: [UInt8](headerJSON), payloadJSON: [UInt8](claimsJSON),
            key: signingKey ?? credential.key, algorithm: algorithm
        ).compact
    }
}
