import CertKeeperBase
import CertKeeperCrypto
import CertKeeperEntra

/// Loads the certificate credential a token request signs with: a PFX (key, leaf and chain),
/// a combined PEM (`cert+key.pem`, as azure-identity's `AZURE_CLIENT_CERTIFICATE_PATH`), or a
/// PEM/DER certificate plus a separate key file. Refuses what Entra would refuse (EC keys,
/// RSA < 2048, a key that is not the certificate's) before any network call.
public enum TokenCredentialFiles {
    public static func load(
        certificate certificatePath: String, key keyPath: String?, password: () throws(CoreError) -> Secret?
    ) throws(CoreError) -> ClientCertificateCredential {
        let bytes = try CoreError.lifting(try FileReader.read(certificatePath))
        if EncodedFormat.detect(bytes) == .pkcs12 {
            guard keyPath == nil else {
                throw CoreError(.invalidInput, "\(certificatePath) is a PFX, which carries its own key: drop --key")
            }
            return try fromPFX(certificatePath, password: password)
        }
        let loaded = try KeyCertificateFiles.load(certificate: certificatePath, key: keyPath, chain: nil, keyPassword: password)
        return try credential(about: certificatePath) { () throws(EntraError) in
            try ClientCertificateCredential(certificate: loaded.certificate, privateKey: loaded.key, chain: loaded.chain)
        }
    }

    private static func fromPFX(_ path: String, password: () throws(CoreError) -> Secret?) throws(CoreError) -> ClientCertificateCredential {
        let bundle = try PFXFiles.read(path, password: password)
        guard let key = bundle.privateKey else {
            throw CoreError(
                .invalidInput,
                "\(path) is a PFX without a private key (a certificate-only export): export it again with its private key (openssl pkcs12 -export -inkey KEY …, or certkeeper convert pem-to-pfx)"
            )
        }
        guard let certificate = bundle.certificate else {
            throw CoreError(.invalidInput, "\(path) holds a private key but no certificate that matches it: export the PFX again with its certificate")
        }
        return try credential(about: path) { () throws(EntraError) in
            try ClientCertificateCredential(certificate: certificate, privateKey: key, chain: bundle.chain)
        }
    }

    private static func credential(
        about path: String, _ make: () throws(EntraError) -> ClientCertificateCredential
    ) throws(CoreError) -> ClientCertificateCredential {
        do { return try make() } catch { throw CoreError(.invalidInput, "\(path): \(error.description)") }
    }
}
