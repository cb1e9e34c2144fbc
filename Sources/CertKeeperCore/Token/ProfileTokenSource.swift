import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore

/// What `token get -p NAME` signs with: the profile's settings and its certificate file,
/// opened with the profile's password reference (or `override`, from the command line).
public struct ProfileTokenSource: Sendable {
    public let settings: TokenSettings
    public let credential: ClientCertificateCredential
    public let profile: StoredProfile
    /// Things to tell the user (the file no longer holds the profile's active certificate).
    public let warnings: [String]

    public init(
        profile: StoredProfile, override: SecretReference?,
        resolve: (SecretReference, String) throws(CoreError) -> Secret
    ) throws(CoreError) {
        guard let path = profile.settings.certificatePath else {
            throw CoreError(
                .invalidInput,
                "profile \(profile.name) has no certificate: set one with certkeeper profile edit \(profile.name) --cert FILE"
            )
        }
        let stored = try profile.settings.passwordReference.map { (text) throws(CoreError) -> SecretReference in
            try SecretReference(parsing: text)
        }
        let reference = override ?? stored
        let credential = try TokenCredentialFiles.load(certificate: path, key: nil) { () throws(CoreError) -> Secret? in
            guard let reference else {
                throw CoreError(
                    .secretUnavailable,
                    "\(path) (profile \(profile.name)) is password-protected and the profile has no password reference: certkeeper profile edit \(profile.name) --password-ref env:NAME"
                )
            }
            return try resolve(reference, "the certificate of profile \(profile.name) (\(path))")
        }
        var warnings: [String] = []
        if let active = profile.certificate, active.facts.sha256Thumbprint.uppercased() != credential.certificate.sha256Thumbprint.hex {
            warnings.append(
                "profile \(profile.name): \(path) now holds certificate \(credential.certificate.sha1Thumbprint.hex), not the profile's active certificate \(active.facts.sha1Thumbprint.uppercased()): run certkeeper profile edit \(profile.name) --cert \(path) to record it"
            )
        }
        self.warnings = warnings
        self.profile = profile
        self.credential = credential
        settings = TokenSettings(profile: profile.settings)
    }
}
