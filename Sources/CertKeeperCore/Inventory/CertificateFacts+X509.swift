import CertKeeperCrypto
import CertKeeperStore

extension CertificateFacts {
    /// What the inventory records of a parsed certificate.
    public init(_ certificate: X509Certificate) {
        self.init(
            sha1Thumbprint: certificate.sha1Thumbprint.hex,
            sha256Thumbprint: certificate.sha256Thumbprint.hex,
            subject: certificate.subject.description,
            subjectCommonName: certificate.subject.commonName,
            issuer: certificate.issuer.description,
            issuerCommonName: certificate.issuer.commonName,
            serialNumber: certificate.serialNumber.hex,
            notBefore: certificate.notBefore,
            notAfter: certificate.notAfter,
            keyType: certificate.keyAlgorithm.typeName,
            keyBits: certificate.keyAlgorithm.bits,
            isSelfSigned: certificate.isSelfSigned,
            der: certificate.der
        )
    }
}
