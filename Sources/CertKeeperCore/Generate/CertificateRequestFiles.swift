import CertKeeperBase
import CertKeeperCrypto

/// `csr create`: a PKCS#10 request for an existing key, written as PEM.
public enum CertificateRequestFiles {
    @discardableResult
    public static func create(
        subject: DistinguishedName, subjectAlternativeNames: [SubjectAlternativeName], key: PrivateKey,
        to path: String, writer: SecureFileWriter
    ) throws(CoreError) -> CertificateSigningRequest {
        try CoreError.lifting(try writer.checkWritable([path]))
        let request: CertificateSigningRequest
        do {
            request = try CertificateSigningRequest.create(subject: subject, subjectAlternativeNames: subjectAlternativeNames, key: key)
        } catch {
            throw error.about(path)
        }
        try CoreError.lifting(try writer.write(Array(request.pem.utf8), to: path, mode: .publicFile))
        return request
    }
}
