import CertKeeperBase
import CertKeeperCrypto
import CertKeeperStore
import Foundation

/// What a person must do in the Azure portal when registration or removal is guided.
enum GuidedInstructions {
    /// `pfxPath`: the staged PFX on this runner (the .cer and keyCredential JSON are beside it).
    static func upload(rotation: StoredRotation, pfxPath: String?, profile: StoredProfile, certificate: X509Certificate) -> [String] {
        let files = pfxPath.map { ($0 as NSString).deletingPathExtension } ?? "revision-\(rotation.revision)"
        return [
            "Upload the new certificate to the app registration (client id \(profile.settings.clientID)):",
            "  file:                \(files).cer",
            "  thumbprint (SHA-1):  \(certificate.sha1Thumbprint.hex)   (the portal's Thumbprint column)",
            "  SHA-256:             \(certificate.sha256Thumbprint.hex)",
            "  valid:               \(RFC3339.string(from: certificate.notBefore)) … \(RFC3339.string(from: certificate.notAfter))",
            "  1. Azure portal > Microsoft Entra ID > App registrations > the app > Certificates & secrets",
            "  2. Certificates > Upload certificate > choose the .cer file > Add",
            "  3. Keep the current certificate: certkeeper removes it only after the new one works.",
            "  (Graph users: \(files).keycredential.json is the keyCredential to add.)",
            "Then run: certkeeper rotate resume -p \(profile.name)   (add --wait to poll until it works)",
        ]
    }

    static func removal(profile: StoredProfile, certificate: X509Certificate, reason: String) -> [String] {
        [
            "Remove the certificate \(certificate.sha1Thumbprint.hex) from the app registration (client id \(profile.settings.clientID)): \(reason).",
            "  Azure portal > Microsoft Entra ID > App registrations > the app > Certificates & secrets > Certificates:",
            "  delete the row whose Thumbprint is \(certificate.sha1Thumbprint.hex) — and no other.",
        ]
    }
}
