import CertKeeperBase
import CertKeeperCrypto
import Foundation

enum InspectTextRenderer {
    static func render(_ document: DecodedDocument, path: String) -> String {
        var sections = ["\(TerminalText.escaped(path)): \(document.format)\(summary(document))"]
        if let protection = document.pkcs12Protection {
            sections.append(CertificateFields.render([("Protection", protection.summary)]))
        }
        let certificateCount = document.certificates.count
        var certificateIndex = 0
        for item in document.items {
            switch item {
            case .certificate(let certificate):
                certificateIndex += 1
                let heading = certificateCount > 1 ? "Certificate \(certificateIndex) of \(certificateCount)" : "Certificate"
                sections.append(heading + "\n" + CertificateFields.render(CertificateFields.lines(for: certificate)))
            case .certificateRequest(let request):
                var lines: [(String, String)] = [
                    ("Subject", request.subject.description),
                    ("Key", request.publicKey.algorithm.description),
                    ("Signature", "\(request.signatureAlgorithm) (\(request.isSignatureValid ? "verifies" : "DOES NOT VERIFY"))"),
                ]
                if !request.subjectAlternativeNames.isEmpty {
                    lines.append(("SANs", request.subjectAlternativeNames.map(\.description).joined(separator: ", ")))
                }
                sections.append("Certificate signing request\n" + CertificateFields.render(lines))
            case .privateKey(let algorithm, let encrypted):
                sections.append(
                    "Private key\n"
                        + CertificateFields.render([
                            ("Key", algorithm.description), ("Encrypted", encrypted ? "yes" : "no"),
                        ]))
            case .encryptedPrivateKey:
                sections.append(
                    "Private key\n"
                        + CertificateFields.render([
                            ("Key", "unknown until decrypted (give --password-env or --password-file)"), ("Encrypted", "yes"),
                        ]))
            case .publicKey(let key):
                sections.append(
                    "Public key\n"
                        + CertificateFields.render([
                            ("Key", key.algorithm.description),
                            ("SHA-256 of SPKI", Digest.sha256(key.subjectPublicKeyInfoDER).hexString),
                        ]))
            }
        }
        return sections.joined(separator: "\n\n")
    }

    private static func summary(_ document: DecodedDocument) -> String {
        var counts: [String] = []
        let certificates = document.certificates.count
        if certificates > 0 { counts.append("\(certificates) certificate\(certificates == 1 ? "" : "s")") }
        let others = document.items.count - certificates
        if others > 0 { counts.append("\(others) other object\(others == 1 ? "" : "s")") }
        return counts.isEmpty ? "" : ", " + counts.joined(separator: ", ")
    }
}

extension Array where Element == UInt8 {
    var hexString: String { map { String(format: "%02X", $0) }.joined() }
}
