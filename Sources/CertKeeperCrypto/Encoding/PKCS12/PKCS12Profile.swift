internal import COpenSSL

/// How a PFX certkeeper writes is protected.
///
/// - `modern`: AES-256-CBC with PBKDF2-HMAC-SHA-256 for the key and the certificates, and a
///   SHA-256 MAC (OpenSSL 3's default). Windows Server 2019+, current .NET, Java and OpenSSL.
/// - `legacy`: PBE-SHA1-3DES for the key and the certificates, and a SHA-1 MAC. What Windows
///   Server 2016 and older, App Service / API Management uploads, Go's x/crypto/pkcs12 and
///   Apple importers require. Built from the default provider alone (3DES and the PKCS#12
///   KDF live there), so it works where OpenSSL's legacy provider is absent.
public struct PKCS12Profile: Sendable, Hashable, CustomStringConvertible {
    private enum Kind: String, Sendable, Hashable {
        case modern
        case legacy
    }

    private let kind: Kind

    public static let modern = PKCS12Profile(kind: .modern)
    public static let legacy = PKCS12Profile(kind: .legacy)

    public static let allCases: [PKCS12Profile] = [.modern, .legacy]

    /// `modern` or `legacy`.
    public var name: String { kind.rawValue }

    public init?(name: String) {
        guard let kind = Kind(rawValue: name) else { return nil }
        self.kind = kind
    }

    private init(kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .modern: "modern (AES-256-CBC/PBKDF2-HMAC-SHA-256, MAC SHA-256)"
        case .legacy: "legacy (PBE-SHA1-3DES, MAC SHA-1)"
        }
    }

    /// OpenSSL's default and what `openssl pkcs12 -export` uses; raise it with `iterations`.
    public static let defaultIterations = 2048
    /// OWASP's PBKDF2-HMAC-SHA-256 figure; more only slows every import without a real gain.
    public static let maximumIterations = 600_000
    /// The MAC's own count stays at OpenSSL's default, as `openssl pkcs12 -iter` leaves it.
    static let macIterations = 2048

    /// Refuses counts outside 1…600000 with a message that names the limit.
    public static func validateIterations(_ iterations: Int) throws(CryptoError) {
        guard iterations >= 1 else {
            throw CryptoError(.invalidParameter, "iteration count \(iterations) must be at least 1")
        }
        guard iterations <= maximumIterations else {
            throw CryptoError(
                .invalidParameter,
                "iteration count \(iterations) is over the maximum of \(maximumIterations): importers slow down without a real gain"
            )
        }
    }

    /// The NID given to PKCS12_create for both the shrouded key bag and the certificate safe.
    var encryptionNID: Int32 {
        switch kind {
        // A cipher NID (not a PBE one) makes OpenSSL use PBES2 with PBKDF2-HMAC-SHA-256.
        case .modern: NID_aes_256_cbc
        case .legacy: NID_pbe_WithSHA1And3_Key_TripleDES_CBC
        }
    }

    /// The MAC digest, set explicitly: PKCS12_create alone would pick SHA-256 for both.
    var macDigest: OpaquePointer? {
        switch kind {
        case .modern: EVP_sha256()
        case .legacy: EVP_sha1()
        }
    }
}
