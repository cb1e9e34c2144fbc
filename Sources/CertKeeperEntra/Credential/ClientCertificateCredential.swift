import CertKeeperCrypto
import Foundation

/// A certificate credential as Entra ID accepts it: an RSA key of at least 2048 bits and the
/// certificate it belongs to, plus any chain certificates (sent in `x5c` only when asked).
///
/// Construction refuses what Entra would refuse, so a bad credential fails before any
/// network call.
public struct ClientCertificateCredential: Sendable, CustomStringConvertible {
    public static let minimumRSABits = 2048

    public let certificate: X509Certificate
    /// Further certificates of the chain (intermediates), leaf excluded, in the order given.
    public let chain: [X509Certificate]
    let privateKey: PrivateKey

    public init(certificate: X509Certificate, privateKey: PrivateKey, chain: [X509Certificate] = []) throws(EntraError) {
        switch privateKey.algorithm {
        case .rsa(let bits) where bits >= Self.minimumRSABits:
            break
        case .rsa(let bits):
            throw EntraError(
                .unsupportedCredential,
                "the certificate's RSA key has \(bits) bits; Entra ID requires at least \(Self.minimumRSABits) (AADSTS50032): create a new certificate with certkeeper cert create"
            )
        default:
            throw EntraError(
                .unsupportedCredential,
                "the certificate's key is \(privateKey.algorithm); Entra ID accepts RSA keys only for app credentials: create an RSA certificate (certkeeper cert create --type rsa)"
            )
        }
        guard certificate.matches(privateKey) else {
            throw EntraError(
                .unsupportedCredential,
                "the private key does not belong to the certificate (SHA-1 \(certificate.sha1Thumbprint.hex)): give the key that was created with it"
            )
        }
        self.certificate = certificate
        self.privateKey = privateKey
        self.chain = chain.filter { $0 != certificate }
    }

    /// Picks the leaf among `certificates` (the one whose public key matches `privateKey`, as
    /// a PFX or a combined PEM may list the chain in any order) and keeps the rest as chain.
    public init(certificates: [X509Certificate], privateKey: PrivateKey) throws(EntraError) {
        guard !certificates.isEmpty else {
            throw EntraError(.unsupportedCredential, "no certificate was given with the private key")
        }
        guard let leaf = certificates.first(where: { $0.matches(privateKey) }) else {
            let leaf = certificates[0]
            throw EntraError(
                .unsupportedCredential,
                "the private key does not belong to the certificate (SHA-1 \(leaf.sha1Thumbprint.hex)): give the key that was created with it"
            )
        }
        try self.init(certificate: leaf, privateKey: privateKey, chain: certificates.filter { $0 != leaf })
    }

    /// `x5c`: base64 (standard, padded) DER, leaf first (RFC 7515 §4.1.6).
    public var x5cChain: [String] {
        ([certificate] + chain).map { Data($0.der).base64EncodedString() }
    }

    /// Whether the certificate is outside its validity at `date` (Entra answers 1000502).
    public func isOutsideValidity(at date: Date) -> Bool { !certificate.isValid(at: date) }

    public var description: String {
        "ClientCertificateCredential(sha1: \(certificate.sha1Thumbprint.hex))"
    }
}

extension ClientCertificateCredential {
    /// The key, certificate and chain as a PFX protected by `password` (a Key Vault import
    /// sends it with the password beside it). `legacy` (3DES, SHA-1 MAC) is what every Azure
    /// importer reads.
    public func pkcs12(password: Secret, profile: PKCS12Profile = .legacy) throws(EntraError) -> [UInt8] {
        do {
            return try PKCS12Bundle(privateKey: privateKey, certificate: certificate, chain: chain).encoded(password: password, profile: profile)
        } catch {
            throw .crypto(error, "could not write the certificate \(certificate.sha1Thumbprint.hex) as a PFX")
        }
    }
}
