import CertKeeperCrypto
import CertKeeperEntra
import Foundation

/// A profile certificate read from Key Vault (`keyvault:…/certificates/NAME`, whose backing
/// secret is the PFX, or `keyvault:…/secrets/NAME` holding a base64 PFX or a PEM with the
/// key): fetched into memory, opened, checked, and never written anywhere.
public enum VaultCertificateCredential {
    /// The reference of a profile's certificate location, or nil for a file path.
    public static func reference(_ location: String) throws(CoreError) -> KeyVaultReference? {
        guard location.hasPrefix("keyvault:") else { return nil }
        do { return try KeyVaultReference(parsing: location) } catch {
            throw CoreError(.invalidInput, "certificate \(error.description)")
        }
    }

    /// Reads the secret behind `reference` and opens it (`password` is asked only for a PFX
    /// that needs one: a certificate's backing secret never does).
    public static func load(
        _ reference: KeyVaultReference, access: VaultAccess, password: () throws(CoreError) -> Secret?
    ) async throws(CoreError) -> ClientCertificateCredential {
        let client = access.client(for: reference.vault)
        let secret: KeyVaultSecret
        do { secret = try await client.secret(name: reference.name, version: reference.version) } catch {
            throw CoreError(.identityPlatform, "\(reference): \(error.description)", tokenFailure: error)
        }
        return try open(secret.value, contentType: secret.contentType, about: reference.description, password: password)
    }

    /// A secret value: base64 PKCS#12 (Key Vault's `application/x-pkcs12`) or PEM text
    /// (`application/x-pem-file`: certificate and unencrypted or encrypted key).
    static func open(
        _ value: String, contentType: String?, about source: String, password: () throws(CoreError) -> Secret?
    ) throws(CoreError) -> ClientCertificateCredential {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let shownType = contentType.map { " (contentType \(KeyVaultReference.shown($0)))" } ?? ""
        let refusal = CoreError(
            .invalidInput,
            "\(source) holds neither a PFX (base64) nor a PEM certificate with its key\(shownType): import the certificate into Key Vault (az keyvault certificate import) or point the profile at another secret"
        )
        if text.hasPrefix("-----BEGIN") {
            return try fromPEM(Array(text.utf8), about: source, password: password, refusal: refusal)
        }
        guard let decoded = Data(base64Encoded: text, options: .ignoreUnknownCharacters), EncodedFormat.detect([UInt8](decoded)) == .pkcs12 else {
            throw refusal
        }
        return try fromPFX([UInt8](decoded), about: source, password: password)
    }

    private static func fromPFX(_ bytes: [UInt8], about source: String, password: () throws(CoreError) -> Secret?) throws(CoreError) -> ClientCertificateCredential {
        let bundle: PKCS12Bundle
        do { bundle = try PKCS12Bundle(reading: bytes, password: nil) } catch  where error.code == .passwordRequired {
            guard let secret = try password() else {
                throw CoreError(.secretUnavailable, "\(source) is a password-protected PFX and the profile has no password reference: add one with --password-ref")
            }
            do { bundle = try PKCS12Bundle(reading: bytes, password: secret) } catch { throw error.about(source) }
        } catch {
            throw error.about(source)
        }
        guard let key = bundle.privateKey, let certificate = bundle.certificate else {
            throw CoreError(.invalidInput, "\(source) is a PFX without a private key that matches its certificate: import the certificate with its key")
        }
        return try credential(source) { () throws(EntraError) in
            try ClientCertificateCredential(certificate: certificate, privateKey: key, chain: bundle.chain)
        }
    }

    private static func fromPEM(
        _ bytes: [UInt8], about source: String, password: () throws(CoreError) -> Secret?, refusal: CoreError
    ) throws(CoreError) -> ClientCertificateCredential {
        let bundle: PEMCertificateBundle
        do { bundle = try PEMCertificateBundle(pem: bytes) } catch { throw refusal }
        guard !bundle.certificates.isEmpty, bundle.hasPrivateKey else { throw refusal }
        let key: PrivateKey
        do { key = try PrivateKey(pemOrDER: bytes, password: nil) } catch  where error.code == .passwordRequired {
            guard let secret = try password() else {
                throw CoreError(.secretUnavailable, "the key in \(source) is encrypted and the profile has no password reference: add one with --password-ref")
            }
            do { key = try PrivateKey(pemOrDER: bytes, password: secret) } catch { throw error.about(source) }
        } catch {
            throw error.about(source)
        }
        guard let leaf = bundle.certificates.first(where: { $0.matches(key) }) else {
            throw CoreError(.invalidInput, "\(source): the private key belongs to none of its certificates")
        }
        return try credential(source) { () throws(EntraError) in
            try ClientCertificateCredential(certificate: leaf, privateKey: key, chain: bundle.certificates.filter { $0 != leaf })
        }
    }

    private static func credential(_ source: String, _ make: () throws(EntraError) -> ClientCertificateCredential) throws(CoreError) -> ClientCertificateCredential {
        do { return try make() } catch { throw CoreError(.invalidInput, "\(source): \(error.description)") }
    }
}
