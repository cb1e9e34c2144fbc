import CertKeeperCrypto

/// The JOSE header of the JWTs certkeeper signs: client assertions and Graph proofs.
///
/// PS256 carries `x5t#S256` (SHA-256 thumbprint), RS256 carries `x5t` (SHA-1): never a
/// SHA-256 digest under `x5t` (docs/ARCHITECTURE.md, "Protocol facts"). `x5c` only when the chain is sent.
public struct JWTHeader: Codable, Sendable, Equatable {
    public let alg: String
    public let typ: String
    public let x5t: String?
    public let x5tS256: String?
    public let x5c: [String]?

    enum CodingKeys: String, CodingKey {
        case alg, typ, x5t, x5c
        case x5tS256 = "x5t#S256"
    }

    public init(alg: String, typ: String = "JWT", x5t: String? = nil, x5tS256: String? = nil, x5c: [String]? = nil) {
        self.alg = alg
        self.typ = typ
        self.x5t = x5t
        self.x5tS256 = x5tS256
        self.x5c = x5c
    }

    /// The header for `credential` signed with `algorithm`.
    init(for credential: ClientCertificateCredential, algorithm: JWSAlgorithm, includeChain: Bool) {
        let certificate = credential.certificate
        switch algorithm {
        case .ps256:
            self.init(
                alg: algorithm.rawValue, x5tS256: certificate.sha256Thumbprint.base64URL,
                x5c: includeChain ? credential.x5cChain : nil)
        case .rs256:
            self.init(
                alg: algorithm.rawValue, x5t: certificate.sha1Thumbprint.base64URL,
                x5c: includeChain ? credential.x5cChain : nil)
        }
    }
}
