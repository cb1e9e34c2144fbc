/// The JWS algorithms of certificate client assertions (docs/ARCHITECTURE.md, "Protocol facts").
public enum JWSAlgorithm: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// RSASSA-PSS SHA-256, salt 32: Entra's current default (MSAL sends it).
    case ps256 = "PS256"
    /// RSASSA-PKCS1-v1_5 SHA-256: the fallback for ADFS and tenants that refuse PS256.
    case rs256 = "RS256"

    public var signatureScheme: SignatureScheme {
        switch self {
        case .ps256: .rsaPSSSHA256
        case .rs256: .rsaPKCS1v15SHA256
        }
    }

    public var description: String { rawValue }
}
