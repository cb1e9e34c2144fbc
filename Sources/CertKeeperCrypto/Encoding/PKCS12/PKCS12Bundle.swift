/// The contents of a PFX: a private key, the certificate it belongs to (the leaf), and the
/// rest of the chain. Read from a file with `init(reading:password:)`, or built in memory
/// and written with `encoded(password:profile:iterations:)`.
public struct PKCS12Bundle: Sendable {
    public let privateKey: PrivateKey?
    /// The certificate whose public key matches `privateKey`, wherever it sat in the file.
    /// Without a key: the end-entity certificate (the one that issued none of the others).
    /// nil when the file holds no certificate, or a key that matches none of them.
    public let certificate: X509Certificate?
    /// Every other certificate, in file order.
    public let chain: [X509Certificate]
    public let friendlyName: String?
    /// How the file was protected; nil for a bundle built in memory.
    public let protection: PKCS12Protection?

    /// A bundle to write. The key must belong to `certificate`.
    public init(
        privateKey: PrivateKey, certificate: X509Certificate, chain: [X509Certificate] = [], friendlyName: String? = nil
    ) throws(CryptoError) {
        guard certificate.matches(privateKey) else {
            throw CryptoError(
                .keyMismatch,
                "the private key does not belong to the certificate (SHA-1 \(certificate.sha1Thumbprint.hex), SHA-256 \(certificate.sha256Thumbprint.hex))"
            )
        }
        self.privateKey = privateKey
        self.certificate = certificate
        self.chain = chain
        self.friendlyName = friendlyName
        self.protection = nil
    }

    /// Reads a PFX: modern (PBES2/AES), legacy 3DES, and RC2-40 certificate bags (Windows and
    /// old OpenSSL exports). Password-less files open with `password: nil`; otherwise a
    /// missing password throws `.passwordRequired` and a wrong one `.wrongPassword`.
    public init(reading bytes: [UInt8], password: Secret?) throws(CryptoError) {
        let contents = try PKCS12Reader.read(bytes, password: password, decryptKeys: true)
        let key = contents.keys.first?.key
        let certificates = contents.certificates.map(\.certificate)
        let leafIndex: Int? =
            if let key {
                certificates.firstIndex { $0.matches(key) }
            } else {
                X509Certificate.endEntityIndex(in: certificates)
            }
        privateKey = key
        certificate = leafIndex.map { certificates[$0] }
        chain = certificates.enumerated().filter { $0.offset != leafIndex }.map(\.element)
        friendlyName = contents.keys.first?.friendlyName ?? leafIndex.flatMap { contents.certificates[$0].friendlyName }
        protection = contents.protection
    }

    /// Every certificate, the leaf first.
    public var allCertificates: [X509Certificate] { (certificate.map { [$0] } ?? []) + chain }

    /// Reads only the certificates of a PFX, leaving the private key encrypted and unparsed:
    /// the fast path for scanning many files. The password rules are those of
    /// `init(reading:password:)` (the MAC still proves the password). The key is decrypted
    /// only in the rare file where no localKeyID pairs it with one of several certificates.
    public static func certificates(in bytes: [UInt8], password: Secret?) throws(CryptoError) -> PKCS12CertificateList {
        let contents = try PKCS12Reader.read(bytes, password: password, decryptKeys: false)
        if let keyID = contents.keys.first?.localKeyID,
            let index = contents.certificates.firstIndex(where: { $0.localKeyID == keyID })
        {
            return PKCS12CertificateList(contents, leafIndex: index)
        }
        if !contents.keys.isEmpty && contents.certificates.count > 1 {
            let full = try PKCS12Bundle(reading: bytes, password: password)
            return PKCS12CertificateList(contents, leafIndex: contents.certificates.firstIndex { $0.certificate == full.certificate })
        }
        let certificates = contents.certificates.map(\.certificate)
        return PKCS12CertificateList(contents, leafIndex: X509Certificate.endEntityIndex(in: certificates))
    }
}

/// What the certificates-only read of a PFX found.
public struct PKCS12CertificateList: Sendable {
    /// Every certificate in file order.
    public let certificates: [X509Certificate]
    /// The key's certificate: paired by the localKeyID attribute that Windows, OpenSSL and
    /// Java write, else by decrypting the key; without a key, the end-entity certificate.
    public let leaf: X509Certificate?
    /// Whether the file holds a private key (not decrypted, so not validated).
    public let hasPrivateKey: Bool
    public let friendlyName: String?
    public let protection: PKCS12Protection

    /// Every certificate other than the leaf, in file order.
    public var chain: [X509Certificate] { certificates.filter { $0 != leaf } }

    init(_ contents: PKCS12Contents, leafIndex: Int?) {
        let certificates = contents.certificates.map(\.certificate)
        self.certificates = certificates
        leaf = leafIndex.map { certificates[$0] }
        hasPrivateKey = !contents.keys.isEmpty
        friendlyName = contents.keys.first?.friendlyName ?? leafIndex.flatMap { contents.certificates[$0].friendlyName }
        protection = contents.protection
    }
}
