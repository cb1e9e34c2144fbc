import CertKeeperBase
import CertKeeperCrypto
import CertKeeperStore
import Foundation

/// The certificate file a profile signs with: read, checked for what Entra ID accepts (RSA
/// of at least 2048 bits, with its private key, the two matching), and recorded in the
/// inventory.
struct ProfileCertificate {
    let id: Int64
    let path: String
    let certificate: X509Certificate
    let warnings: [String]

    /// The smallest RSA key Entra ID accepts (AADSTS50032 below it).
    static let minimumRSABits = 2048

    static func adopt(
        _ givenPath: String, reference: SecretReference?, store: any InventoryStore,
        resolve: (SecretReference, String) throws(CoreError) -> Secret, now: Date = Date()
    ) throws(CoreError) -> ProfileCertificate {
        let path = FileWalker.absolute(givenPath)
        let bytes = try CoreError.lifting(try FileReader.read(path))
        let password: () throws(CoreError) -> Secret? = { () throws(CoreError) -> Secret? in
            try reference.map { (reference) throws(CoreError) -> Secret in try resolve(reference, "the certificate file \(path)") }
        }
        let (leaf, all, format, neededPassword) = try readLeaf(bytes, path: path, password: password)
        try requireRSA(leaf, path: path)
        var warnings: [String] = []
        if leaf.notAfter < now {
            warnings.append("the certificate in \(path) expired on \(leaf.notAfter): tokens will fail (AADSTS1000502) until it is rotated")
        } else if leaf.notBefore > now {
            warnings.append("the certificate in \(path) is not valid before \(leaf.notBefore)")
        }
        let discovery = FileDiscovery(
            path: path, format: format, privateKeyCertificate: leaf.sha256Thumbprint.hex,
            passwordReference: neededPassword ? reference?.description : nil, stamp: nil,
            certificates: all.map(CertificateFacts.init)
        )
        _ = try inventoryCall { () throws(StoreError) in try store.recordImport(ImportBatch(discoveries: [discovery])) }
        guard
            let stored = try inventoryCall({ () throws(StoreError) in
                try store.certificates(thumbprintPrefix: leaf.sha256Thumbprint.hex)
            }).first
        else {
            throw CoreError(.inventory, "the certificate of \(path) was not recorded in the inventory")
        }
        return ProfileCertificate(id: stored.id, path: path, certificate: leaf, warnings: warnings)
    }

    /// The certificate whose private key the file holds, every certificate, the format, and
    /// whether the password was needed.
    private static func readLeaf(
        _ bytes: [UInt8], path: String, password: () throws(CoreError) -> Secret?
    ) throws(CoreError) -> (X509Certificate, [X509Certificate], CertificateFileFormat, Bool) {
        switch EncodedFormat.detect(bytes) {
        case .pkcs12:
            // Password-less files (Key Vault exports) open without resolving the reference.
            let bundle: PKCS12Bundle
            do { bundle = try PKCS12Bundle(reading: bytes, password: nil) } catch  where error.code == .passwordRequired {
                guard let secret = try password() else {
                    throw CoreError(.secretUnavailable, "\(path) is password-protected: give --password-ref env:NAME, file:PATH or prompt")
                }
                do { bundle = try PKCS12Bundle(reading: bytes, password: secret) } catch { throw error.about(path) }
            } catch {
                throw error.about(path)
            }
            guard bundle.privateKey != nil else { throw noKey(path) }
            guard let leaf = bundle.certificate else {
                throw CoreError(.invalidInput, "\(path): the private key belongs to none of the certificates in the file")
            }
            let protected = !(bundle.protection?.isPasswordless ?? true)
            return (leaf, bundle.allCertificates, .pfx, protected)
        case .pem:
            let bundle: PEMCertificateBundle
            do { bundle = try PEMCertificateBundle(pem: bytes) } catch { throw error.about(path) }
            guard !bundle.certificates.isEmpty else { throw CoreError(.invalidInput, "\(path) holds no certificate") }
            guard bundle.hasPrivateKey else { throw noKey(path) }
            var neededPassword = false
            let key: PrivateKey
            do {
                key = try PrivateKey(pemOrDER: bytes, password: nil)
            } catch  where error.code == .passwordRequired {
                guard let secret = try password() else {
                    throw CoreError(.secretUnavailable, "the private key in \(path) is encrypted: give --password-ref env:NAME, file:PATH or prompt")
                }
                do { key = try PrivateKey(pemOrDER: bytes, password: secret) } catch { throw error.about(path) }
                neededPassword = true
            } catch {
                throw error.about(path)
            }
            guard let leaf = bundle.certificates.first(where: { $0.matches(key) }) else {
                throw CoreError(.invalidInput, "\(path): the private key does not belong to any certificate in the file (mismatched key and certificate)")
            }
            return (leaf, bundle.certificates, .pem, neededPassword)
        case .der:
            throw noKey(path)
        case nil:
            throw CoreError(.invalidInput, "\(path) is not a certificate file (PFX, or PEM with certificate and key)")
        }
    }

    private static func noKey(_ path: String) -> CoreError {
        CoreError(
            .invalidInput,
            "\(path) holds no private key: a profile signs tokens, so give a PFX or a PEM with certificate and key (cat cert.pem key.pem > both.pem)"
        )
    }

    private static func requireRSA(_ certificate: X509Certificate, path: String) throws(CoreError) {
        guard case .rsa(let bits) = certificate.keyAlgorithm else {
            throw CoreError(
                .invalidInput,
                "\(path) holds a \(certificate.keyAlgorithm) certificate: Entra ID accepts RSA certificates only; create one with certkeeper cert create --type rsa"
            )
        }
        guard bits >= minimumRSABits else {
            throw CoreError(.invalidInput, "\(path) holds an RSA \(bits) certificate: Entra ID refuses keys under \(minimumRSABits) bits (AADSTS50032)")
        }
    }
}
