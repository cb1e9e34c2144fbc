import CertKeeperBase
import CertKeeperCrypto
import CertKeeperIdP
import Foundation

/// The https listener's certificate: made on first start (RSA 2048, serverAuth, SAN
/// 127.0.0.1, ::1 and localhost), kept in the state file, its public part written where
/// clients can trust it.
enum TLSIdentity {
    static let purpose = "tls"

    static func load(store: DirectoryStore, publicCertificatePath: String) throws -> TLSServerContext {
        let identity = try store.identity(purpose: purpose) { () throws(IdPError) in
            do {
                let key = try PrivateKey.generate(.rsa2048)
                let spec = SelfSignedCertificateSpec(
                    subject: try DistinguishedName(parsing: "CN=certkeeper-idp localhost"),
                    subjectAlternativeNames: [.ipAddress("127.0.0.1"), .ipAddress("::1"), .dns("localhost")],
                    validity: try .days(825, from: Date().addingTimeInterval(-300)),
                    purpose: .serverAuthentication
                )
                return (try X509Certificate.selfSigned(spec, key: key), key)
            } catch {
                throw IdPError(.state, "could not create the TLS certificate: \(error)")
            }
        }
        try SecureFileWriter(overwrite: true).write(Array(identity.certificate.pem.utf8), to: publicCertificatePath, mode: .publicFile)
        return try TLSServerContext(certificate: identity.certificate, key: identity.key)
    }

    /// `state.sqlite` → `state-tls-cert.pem` beside it.
    static func defaultPath(forState statePath: String) -> String {
        let url = URL(fileURLWithPath: statePath)
        let stem = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent("\(stem)-tls-cert.pem").path
    }
}
