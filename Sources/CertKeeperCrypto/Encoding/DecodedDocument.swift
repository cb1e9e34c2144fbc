/// How a file is encoded.
public enum EncodedFormat: String, Sendable, Hashable, CustomStringConvertible {
    case pem
    case der
    case pkcs12

    public var description: String {
        switch self {
        case .pem: "PEM"
        case .der: "DER"
        case .pkcs12: "PKCS#12"
        }
    }
}

/// One object found in a file. Private keys are described, never exposed: `inspect` must
/// not be able to print key material.
public enum DecodedItem: Sendable {
    case certificate(X509Certificate)
    case certificateRequest(CertificateSigningRequest)
    /// A private key that could be read; its algorithm and whether it was encrypted.
    case privateKey(KeyAlgorithm, encrypted: Bool)
    /// An encrypted private key read without its password.
    case encryptedPrivateKey
    case publicKey(PublicKey)
}

/// Everything certkeeper understood in one file.
public struct DecodedDocument: Sendable {
    public let format: EncodedFormat
    public let items: [DecodedItem]
    /// PFX files only: how the file is protected (algorithms and MAC).
    public let pkcs12Protection: PKCS12Protection?

    public init(format: EncodedFormat, items: [DecodedItem], pkcs12Protection: PKCS12Protection? = nil) {
        self.format = format
        self.items = items
        self.pkcs12Protection = pkcs12Protection
    }

    public var certificates: [X509Certificate] {
        items.compactMap { if case .certificate(let certificate) = $0 { certificate } else { nil } }
    }
}
