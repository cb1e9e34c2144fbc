/// Signature schemes certkeeper signs and verifies with.
///
/// PSS uses SHA-256 for the message and MGF1 and a 32-byte salt: what Entra ID expects for
/// PS256 client assertions (and what MSAL sends).
public enum SignatureScheme: Sendable, Hashable, CustomStringConvertible {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (JWS `RS256`).
    case rsaPKCS1v15SHA256
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256, salt length 32 (JWS `PS256`).
    case rsaPSSSHA256
    /// ECDSA with SHA-256, DER-encoded signature.
    case ecdsaSHA256

    public var description: String {
        switch self {
        case .rsaPKCS1v15SHA256: "RSA-PKCS1-v1_5-SHA256"
        case .rsaPSSSHA256: "RSA-PSS-SHA256"
        case .ecdsaSHA256: "ECDSA-SHA256"
        }
    }
}
