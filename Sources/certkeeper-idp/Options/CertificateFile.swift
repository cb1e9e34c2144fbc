import CertKeeperBase
import CertKeeperCrypto

/// Reads the certificate to register from a PEM or DER (.cer) file: its first certificate.
enum CertificateFile {
    static func read(_ path: String) throws -> X509Certificate {
        let bytes = try FileReader.read(path)
        let certificates: [X509Certificate]
        do { certificates = try X509Certificate.certificates(fromPEMOrDER: bytes) } catch {
            throw error.naming(path)
        }
        guard let first = certificates.first else {
            throw CryptoError(.malformedInput, "\(path) holds no certificate: give a PEM or DER (.cer) certificate file")
        }
        return first
    }
}
