import CertKeeperBase
import CertKeeperCrypto

/// Finds the certificate to publish in any input: a PFX (certificates only; the key stays
/// encrypted), a PEM certificate or bundle (fullchain.pem, cert+key.pem), or a DER
/// certificate. For several certificates, the leaf is the end-entity one.
public enum LeafCertificateSource {
    public static func leaf(in path: String, password: () throws(CoreError) -> Secret?) throws(CoreError) -> X509Certificate {
        let bytes = try CoreError.lifting(try FileReader.read(path))
        switch EncodedFormat.detect(bytes) {
        case .pkcs12:
            let listing = try PFXFiles.certificates(in: bytes, path: path, password: password)
            guard let leaf = listing.leaf else { throw CoreError(.invalidInput, "\(path) is a PFX that holds no certificate") }
            return leaf
        case .pem, .der:
            let certificates = try KeyCertificateFiles.certificates(in: bytes, path: path)
            return certificates[X509Certificate.endEntityIndex(in: certificates) ?? 0]
        case nil:
            throw CoreError(.invalidInput, bytes.isEmpty ? "\(path) is empty" : "\(path) is not a certificate, bundle or PFX (corrupt or another kind of file)")
        }
    }
}
