import CertKeeperCrypto
import Foundation

/// Signs the emulator's access tokens (RS256 with its own key, published in the JWKS) and
/// checks tokens it issued (Graph's bearer tokens).
public struct AccessTokenIssuer: Sendable {
    public static let identityPurpose = "token-signing"

    public let certificate: X509Certificate
    private let key: PrivateKey
    /// `kid` and `x5t` of issued tokens: the SHA-1 thumbprint in base64url, as Entra does.
    public let keyID: String

    public init(certificate: X509Certificate, key: PrivateKey) {
        self.certificate = certificate
        self.key = key
        self.keyID = certificate.sha1Thumbprint.base64URL
    }

    /// A fresh RSA 2048 signing identity (self-signed, one year).
    public static func makeIdentity(now: Date = Date()) throws(IdPError) -> (X509Certificate, PrivateKey) {
        do {
            let key = try PrivateKey.generate(.rsa2048)
            let spec = SelfSignedCertificateSpec(
                subject: try DistinguishedName(parsing: "CN=certkeeper-idp token signing"),
                validity: try .days(365, from: now.addingTimeInterval(-300))
            )
            return (try X509Certificate.selfSigned(spec, key: key), key)
        } catch {
            throw IdPError(.state, "could not create the token signing key: \(error)")
        }
    }

    func sign(_ claims: AccessTokenClaims) throws(AADSTSRefusal) -> String {
        let header = JSON.encode(["alg": "RS256", "typ": "JWT", "kid": keyID, "x5t": keyID])
        do {
            return try CompactJWS.sign(headerJSON: header, payloadJSON: JSON.encode(claims), key: key, algorithm: .rs256).compact
        } catch {
            throw .serviceFailure()
        }
    }

    /// The claims of a token this issuer signed, if its signature holds and it has not
    /// expired; nil otherwise.
    func validate(_ token: String, now: Date) -> AccessTokenClaims? {
        guard let jws = try? CompactJWS(parsing: token),
            let header = JSON.decode([String: String].self, from: jws.headerJSON),
            header["alg"] == "RS256", header["kid"] == keyID,
            let publicKey = certificate.publicKey,
            (try? jws.isValidSignature(publicKey: publicKey, algorithm: .rs256)) == true,
            let claims = JSON.decode(AccessTokenClaims.self, from: jws.payloadJSON),
            Double(claims.exp) > now.timeIntervalSince1970
        else { return nil }
        return claims
    }

    /// The JWKS document (`/discovery/v2.0/keys`).
    public func jwks() throws(IdPError) -> [UInt8] {
        let components: RSAPublicComponents
        do {
            guard let publicKey = certificate.publicKey else { throw CryptoError(.unsupportedKey, "no decodable key") }
            components = try publicKey.rsaComponents()
        } catch {
            throw IdPError(.state, "the token signing key is not RSA: \(error)")
        }
        let key = JSONWebKey(
            kty: "RSA", use: "sig", kid: keyID, x5t: keyID,
            n: Base64URL.encode(components.modulus), e: Base64URL.encode(components.publicExponent),
            x5c: [Data(certificate.der).base64EncodedString()]
        )
        return JSON.encode(["keys": [key]])
    }
}

struct JSONWebKey: Encodable {
    let kty: String
    let use: String
    let kid: String
    let x5t: String
    let n: String
    let e: String
    let x5c: [String]
}

/// The claims of an app-only access token (v2.0 shape).
struct AccessTokenClaims: Codable {
    let aud: String
    let iss: String
    let iat: Int
    let nbf: Int
    let exp: Int
    let appid: String
    let azp: String
    let appidacr: String
    let idtyp: String
    let oid: String
    let sub: String
    let tid: String
    let roles: [String]
    let uti: String
    let ver: String
}
