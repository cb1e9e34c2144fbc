import CertKeeperCrypto

/// Which certificates of a file a scan reports.
///
/// Without `--bundle`, only leaves. In a PFX, the certificate of the private key. In a PEM
/// or DER file, the certificates that are not CAs (basicConstraints CA:TRUE): a server's
/// fullchain.pem yields its end-entity certificate, not the intermediates and root that
/// came along, and a file of several unrelated client certificates yields each of them. A
/// file holding nothing but CA certificates (a root on its own, `openssl req -x509` output,
/// which is CA:TRUE by default, an intermediate + root chain) yields its end-entity one:
/// the first that issued none of the others. With `--bundle`, every certificate.
public enum LeafSelection: Sendable {
    case leavesOnly
    case everyCertificate

    /// `knownLeaf`: the leaf the file format names (a PFX's key certificate), if any.
    public func select(_ certificates: [X509Certificate], knownLeaf: X509Certificate? = nil) -> [X509Certificate] {
        switch self {
        case .everyCertificate:
            return certificates
        case .leavesOnly:
            if let knownLeaf { return [knownLeaf] }
            let leaves = certificates.filter { !$0.isCertificateAuthority }
            if !leaves.isEmpty { return leaves }
            return X509Certificate.endEntityIndex(in: certificates).map { [certificates[$0]] } ?? []
        }
    }
}
