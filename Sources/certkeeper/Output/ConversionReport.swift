import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto
import Foundation
import Logging

/// What the converter commands print: one line per written file, then the certificate's
/// subject, validity and thumbprints (what users paste into the Azure portal or a profile).
enum ConversionReport {
    static func render(written files: [(path: String, what: String)], certificate: X509Certificate) -> String {
        let width = files.map(\.path.count).max() ?? 0
        var lines = files.map { "wrote " + $0.path.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.what }
        lines.append(
            CertificateFields.render(
                [
                    ("Subject", certificate.subject.description),
                    ("Not after", "\(RFC3339.string(from: certificate.notAfter)) (\(CertificateFields.remaining(certificate, now: Date())))"),
                    ("Key", certificate.keyAlgorithm.description),
                ] + CertificateFields.thumbprintLines(for: certificate)))
        return lines.joined(separator: "\n")
    }

    /// Warnings about a certificate about to be used as an Entra ID credential.
    static func warnAboutCredentialUse(_ certificate: X509Certificate, logger: Logger, now: Date = Date()) {
        if !certificate.keyAlgorithm.isRSA {
            logger.warning("Entra ID accepts RSA keys only; this \(certificate.keyAlgorithm) certificate cannot be an app credential")
        }
        if certificate.notAfter < now {
            logger.warning("the certificate expired on \(RFC3339.string(from: certificate.notAfter)): Entra ID will refuse it")
        }
    }

    static func describe(_ profile: PKCS12Profile) -> String { "PFX, \(profile.name) profile, mode 0600" }
}
