import CertKeeperBase
import CertKeeperCore
import Foundation

/// The sentences every human-facing format uses about an entry (table, JUnit, CI annotations).
enum ScanWording {
    /// "CN=app expires in 12 days (2026-01-01T00:00:00Z)".
    static func message(for certificate: ScannedCertificate, _ evaluation: ExpiryEvaluation) -> String {
        let notAfter = RFC3339.string(from: certificate.notAfter)
        let what: String
        switch evaluation.status {
        case .expired:
            let days = -evaluation.daysRemaining
            what = "expired \(days <= 1 ? "less than a day" : "\(days - 1) day\(days == 2 ? "" : "s")") ago (\(notAfter))"
        case .notYetValid:
            what = "is not valid until \(RFC3339.string(from: certificate.notBefore))"
        default:
            let days = evaluation.daysRemaining
            what = "expires in \(days == 0 ? "less than a day" : "\(days) day\(days == 1 ? "" : "s")") (\(notAfter))"
        }
        var text = "\(certificate.subject) \(what); SHA-1 \(certificate.sha1Thumbprint)"
        if !certificate.profiles.isEmpty { text += "; profile \(certificate.profiles.joined(separator: ", "))" }
        return text
    }

    /// "client secret \"ci\" of application payroll (appId …, keyId …) expires in 12 days
    /// (…)", with what to do for the directory findings.
    static func message(for credential: ScannedCredential, _ evaluation: ExpiryEvaluation) -> String {
        let notAfter = RFC3339.string(from: credential.notAfter)
        let days = evaluation.daysRemaining
        let when: String
        if days < 0 {
            when = "expired \(-days <= 1 ? "less than a day" : "\(-days - 1) day\(days == -2 ? "" : "s")") ago (\(notAfter))"
        } else if evaluation.status == .notYetValid, let notBefore = credential.notBefore {
            when = "is not valid until \(RFC3339.string(from: notBefore))"
        } else {
            when = "expires in \(days == 0 ? "less than a day" : "\(days) day\(days == 1 ? "" : "s")") (\(notAfter))"
        }
        let name = credential.displayName.map { " \"\($0)\"" } ?? ""
        var text =
            "\(credential.kindWord)\(name) of \(credential.ownerWord) \(credential.appName) (appId \(credential.appID), keyId \(credential.keyID)) \(when)"
        if let sha1 = credential.sha1Thumbprint { text += "; SHA-1 \(sha1)" }
        if !credential.profiles.isEmpty { text += "; profile \(credential.profiles.joined(separator: ", "))" }
        switch evaluation.status {
        case .noValidCredential: text += "; every credential of this \(credential.ownerWord) has expired: it cannot authenticate"
        case .clientSecret: text += "; migrate to a certificate"
        case .unmanagedCertificate: text += "; no profile and no file on this host holds it"
        default: break
        }
        return text
    }

    /// "certificate expired", "certificate expires soon (critical)", …
    static func title(for status: ScanStatus) -> String {
        switch status {
        case .ok: "Certificate OK"
        case .warning: "Certificate expires soon"
        case .critical: "Certificate expires very soon (critical)"
        case .expired: "Certificate expired"
        case .notYetValid: "Certificate not yet valid"
        case .error: "Certificate source unreadable"
        case .noValidCredential: "App has no valid credential"
        case .clientSecret: "Client secret: migrate to a certificate"
        case .unmanagedCertificate: "App certificate held by no profile or file"
        }
    }

    static func message(for source: UnreadableSource) -> String {
        "\(source.source) could not be read: \(source.reason)"
    }

    /// "7 certificates: 1 expired, 2 warning, 4 ok; 1 source unreadable"; with the synced
    /// apps' client secrets among them "9 credentials (7 certificates, 2 client secrets): …".
    static func summary(_ summary: ScanSummary) -> String {
        let order = ScanSummary.rankOrder
        let parts = order.filter { summary.count($0) > 0 }.map { "\(summary.count($0)) \($0.rawValue.replacingOccurrences(of: "_", with: " "))" }
        func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        let secrets = summary.clientSecrets
        var text =
            secrets == 0
            ? counted(summary.certificates, "certificate")
            : counted(summary.certificates, "credential") + " (\(counted(summary.certificates - secrets, "certificate")), \(counted(secrets, "client secret")))"
        if !parts.isEmpty { text += ": " + parts.joined(separator: ", ") }
        let unreadable = summary.unreadableSources
        if unreadable > 0 { text += "; \(unreadable) source\(unreadable == 1 ? "" : "s") unreadable" }
        return text
    }

    /// The files among a certificate's sources (not `inventory`).
    static func files(of certificate: ScannedCertificate) -> [String] {
        certificate.sources.filter { $0 != ScannedCertificate.inventorySource }
    }
}
