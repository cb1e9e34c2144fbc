import CertKeeperCrypto
import Foundation

/// The claims of a client assertion (docs/ARCHITECTURE.md, "Protocol facts"). Times are whole seconds since the epoch.
public struct ClientAssertionClaims: Codable, Sendable, Equatable {
    /// The token endpoint URL.
    public let aud: String
    /// The client (application) id.
    public let iss: String
    /// The client id again: Entra refuses `sub` ≠ `iss` (AADSTS50048).
    public let sub: String
    /// A fresh UUID per assertion: Entra rejects replays.
    public let jti: String
    public let nbf: Int
    public let iat: Int
    public let exp: Int
}

/// A signed client assertion: the `client_assertion` form value.
///
/// `description` never shows the JWS: an assertion is a credential for its ten minutes.
public struct ClientAssertion: Sendable, CustomStringConvertible {
    public let jws: CompactJWS
    public let algorithm: JWSAlgorithm
    public let header: JWTHeader
    public let claims: ClientAssertionClaims

    /// The compact serialization sent as `client_assertion`.
    public var compact: String { jws.compact }

    public var description: String { "ClientAssertion(\(algorithm), jti: \(claims.jti))" }
}

/// Builds client assertions. The clock and the `jti` generator are injected so tests can pin
/// them; the defaults are the system clock and a random UUID.
public struct ClientAssertionFactory: Sendable {
    /// How long an assertion is valid: Entra allows at most ten minutes.
    public static let lifetime = 600

    public let clock: @Sendable () -> Date
    public let makeJTI: @Sendable () -> String

    public init(
        clock: @escaping @Sendable () -> Date = { Date() },
        makeJTI: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.clock = clock
        self.makeJTI = makeJTI
    }

    /// Signs an assertion for `clientID` at the token endpoint `audience`.
    public func assertion(
        credential: ClientCertificateCredential, clientID: String, audience: String,
        algorithm: JWSAlgorithm, sendCertificateChain: Bool
    ) throws(EntraError) -> ClientAssertion {
        let now = Int(clock().timeIntervalSince1970.rounded(.down))
        let claims = ClientAssertionClaims(
            aud: audience, iss: clientID, sub: clientID, jti: makeJTI(),
            nbf: now, iat: now, exp: now + Self.lifetime
        )
        let header = JWTHeader(for: credential, algorithm: algorithm, includeChain: sendCertificateChain)
        let jws = try JWTSigning.sign(header: header, claims: claims, credential: credential, algorithm: algorithm)
        return ClientAssertion(jws: jws, algorithm: algorithm, header: header, claims: claims)
    }
}
