import CertKeeperCrypto

/// Which certificates of a file a scan reports.
///
/// Without `--bundle`, only leaves: the certificates that are not CAs (basicConstraints
/// CA:TRUE). A server's fullchain.pem yields its end-entity certificate, a PFX its client
/// certificate, not the intermediates and roots that came along. A file holding nothing but
/// CA certificates (a root on its own, `openssl req -x509` output, which is CA:TRUE by
/// default) yields its first certificate: it is what the user pointed at. With `--bundle`,
/// every certificate is reported.
public enum LeafSelection: Sendable {
    case leavesOnly
    case everyCertificate

    public func select(_ certificates: [X509Certificate]) -> [X509Certificate] {
        switch self {
        case .everyCertificate:
            return certificates
        case .leavesOnly:
            let leaves = certificates.filter { !$0.isCertificateAuthority }
            return leaves.isEmpty ? Array(certificates.prefix(1)) : leaves
        }
    }
}
