import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto

/// What `cert create` prints on stdout.
struct CertificateCreatedReport {
    let result: SelfSignedCertificateFiles.Result
    let keyEncrypted: Bool
    /// What NAME.pfx is, when one was written.
    var pfxDescription: String?

    init(result: SelfSignedCertificateFiles.Result, keyEncrypted: Bool) {
        self.result = result
        self.keyEncrypted = keyEncrypted
    }

    var text: String {
        let certificate = result.certificate
        var output = "Created a self-signed certificate for \(certificate.subject)\n"
        output +=
            CertificateFields.render(
                [
                    ("Not before", RFC3339.string(from: certificate.notBefore)),
                    ("Not after", RFC3339.string(from: certificate.notAfter)),
                    ("Key", certificate.keyAlgorithm.description),
                ] + CertificateFields.thumbprintLines(for: certificate)) + "\n"
        output += "Files:\n"
        var files: [(String, String)] = []
        if let keyPath = result.keyPath {
            files.append((keyPath, "private key, mode 0600, \(keyEncrypted ? "encrypted" : "unencrypted")"))
        }
        files.append((result.certificatePEMPath, "certificate (PEM)"))
        files.append((result.certificateDERPath, "certificate (DER): upload this under Certificates & secrets"))
        if let pfxPath = result.pfxPath, let pfxDescription { files.append((pfxPath, pfxDescription)) }
        let width = files.map(\.0.count).max() ?? 0
        output += files.map { "  " + $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
        return output
    }
}
