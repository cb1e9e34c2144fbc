import CertKeeperBase
import CertKeeperCrypto
import Foundation

/// The labelled lines that describe a certificate in text output (inspect, cert create).
enum CertificateFields {
    static func lines(for certificate: X509Certificate, now: Date = Date()) -> [(String, String)] {
        var lines: [(String, String)] = [
            ("Subject", certificate.subject.description),
            ("Issuer", certificate.issuer.description),
            ("Serial", certificate.serialNumber.hex),
            ("Not before", RFC3339.string(from: certificate.notBefore)),
            ("Not after", "\(RFC3339.string(from: certificate.notAfter)) (\(remaining(certificate, now: now)))"),
            ("Key", certificate.keyAlgorithm.description),
            ("Signature", certificate.signatureAlgorithm),
        ]
        if !certificate.subjectAlternativeNames.isEmpty {
            lines.append(("SANs", certificate.subjectAlternativeNames.map(\.description).joined(separator: ", ")))
        }
        if !certificate.keyUsage.isEmpty { lines.append(("Key usage", certificate.keyUsage.joined(separator: ", "))) }
        if !certificate.extendedKeyUsage.isEmpty {
            lines.append(("Extended key usage", certificate.extendedKeyUsage.joined(separator: ", ")))
        }
        lines.append(("Self-signed", certificate.isSelfSigned ? "yes" : "no"))
        lines.append(("CA", certificate.isCertificateAuthority ? "yes" : "no"))
        lines.append(contentsOf: thumbprintLines(for: certificate))
        return lines
    }

    static func thumbprintLines(for certificate: X509Certificate) -> [(String, String)] {
        [
            ("SHA-1 thumbprint", certificate.sha1Thumbprint.hex),
            ("SHA-256 thumbprint", certificate.sha256Thumbprint.hex),
            ("x5t", certificate.sha1Thumbprint.base64URL),
            ("x5t#S256", certificate.sha256Thumbprint.base64URL),
        ]
    }

    static func remaining(_ certificate: X509Certificate, now: Date) -> String {
        if now < certificate.notBefore { return "not yet valid" }
        let seconds = certificate.notAfter.timeIntervalSince(now)
        if seconds < 0 { return "EXPIRED \(Int(-seconds / 86_400)) days ago" }
        return "\(Int(seconds / 86_400)) days left"
    }

    /// Aligns labels into a column. Values come from certificates and the inventory:
    /// control characters are shown escaped, so one value is always one line.
    static func render(_ lines: [(String, String)], indent: String = "  ") -> String {
        let width = (lines.map(\.0.count).max() ?? 0) + 1
        return lines.map { label, value in
            indent + (label + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0) + TerminalText.escaped(value)
        }.joined(separator: "\n")
    }
}
