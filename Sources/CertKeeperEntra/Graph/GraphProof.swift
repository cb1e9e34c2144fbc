import CertKeeperCrypto
import Foundation

/// The claims of a Graph addKey/removeKey proof of possession (docs/ARCHITECTURE.md, "Protocol facts").
public struct GraphProofClaims: Codable, Sendable, Equatable {
    /// Always the Azure AD Graph application id, whatever the Graph host.
    public static let audience = "00000002-0000-0000-c000-000000000000"

    public let aud: String
    /// The application's OBJECT id (not its client id).
    public let iss: String
    public let nbf: Int
    public let exp: Int
}

extension ClientAssertionFactory {
    /// A proof for `applicationObjectID`, signed by a currently registered, valid certificate
    /// of that application: RS256 with `x5t`, ten minutes, no padding anywhere.
    public func graphProof(credential: ClientCertificateCredential, applicationObjectID: String) throws(EntraError) -> CompactJWS {
        let now = Int(clock().timeIntervalSince1970.rounded(.down))
        let claims = GraphProofClaims(aud: GraphProofClaims.audience, iss: applicationObjectID, nbf: now, exp: now + Self.lifetime)
        let header = JWTHeader(for: credential, algorithm: .rs256, includeChain: false)
        return try JWTSigning.sign(header: header, claims: claims, credential: credential, algorithm: .rs256)
    }
}
