import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore

/// What `token get -p NAME` signs with: the profile's settings and its certificate (a file,
/// or a Key Vault certificate read into memory), opened with the profile's password
/// reference (or `override`, from the command line).
public struct ProfileTokenSource: Sendable {
    public let settings: TokenSettings
    public let credential: ClientCertificateCredential
    public let profile: StoredProfile
    /// Things to tell the user (the file no longer holds the profile's active certificate).
    public let warnings: [String]

    /// Who reads a profile's certificate from Key Vault: `--vault-profile`'s access.
    public typealias VaultAccessProvider = (KeyVaultReference) throws(CoreError) -> VaultAccess

    /// A profile whose certificate is a file; one in Key Vault needs `load(…vault:)`.
    public init(
        profile: StoredProfile, override: SecretReference?,
        resolve: @escaping (SecretReference, String) throws(CoreError) -> Secret
    ) throws(CoreError) {
        let path = try Self.location(of: profile)
        if let reference = try VaultCertificateCredential.reference(path) { throw Self.needsVaultProfile(profile, reference) }
        let password = try Self.password(profile: profile, override: override, about: path, resolve: resolve)
        let credential = try TokenCredentialFiles.load(certificate: path, key: nil, password: password)
        self.init(profile: profile, credential: credential, location: path)
    }

    /// Any profile: a `keyvault:` certificate or password reference is fetched with
    /// `vault`'s access, into memory only.
    public static func load(
        profile: StoredProfile, override: SecretReference?,
        resolve: @escaping (SecretReference, String) throws(CoreError) -> Secret, vault: VaultAccessProvider?
    ) async throws(CoreError) -> ProfileTokenSource {
        let location = try location(of: profile)
        // A vault-held password is fetched first (async); the loaders below ask synchronously.
        var resolve = resolve
        let stored = try storedReference(profile)
        if let vault, let reference = override ?? stored, case .keyVault = reference {
            let fetched = try await reference.resolve(purpose: "the certificate of profile \(profile.name) (\(location))", vault: vault)
            let fallback = resolve
            resolve = { (reference, purpose) throws(CoreError) -> Secret in
                if case .keyVault = reference { return fetched }
                return try fallback(reference, purpose)
            }
        }
        guard let reference = try VaultCertificateCredential.reference(location) else {
            return try ProfileTokenSource(profile: profile, override: override, resolve: resolve)
        }
        guard let vault else { throw needsVaultProfile(profile, reference) }
        let password = try password(profile: profile, override: override, about: location, resolve: resolve)
        let credential = try await VaultCertificateCredential.load(reference, access: try vault(reference), password: password)
        return ProfileTokenSource(profile: profile, credential: credential, location: location)
    }

    private static func storedReference(_ profile: StoredProfile) throws(CoreError) -> SecretReference? {
        try profile.settings.passwordReference.map { (text) throws(CoreError) -> SecretReference in try SecretReference(parsing: text) }
    }

    private init(profile: StoredProfile, credential: ClientCertificateCredential, location: String) {
        var warnings: [String] = []
        if let active = profile.certificate, active.facts.sha256Thumbprint.uppercased() != credential.certificate.sha256Thumbprint.hex {
            warnings.append(
                "profile \(profile.name): \(location) now holds certificate \(credential.certificate.sha1Thumbprint.hex), not the profile's active certificate \(active.facts.sha1Thumbprint.uppercased()): run certkeeper profile edit \(profile.name) --cert \(location) to record it"
            )
        }
        self.warnings = warnings
        self.profile = profile
        self.credential = credential
        settings = TokenSettings(profile: profile.settings)
    }

    private static func location(of profile: StoredProfile) throws(CoreError) -> String {
        guard let path = profile.settings.certificatePath else {
            throw CoreError(
                .invalidInput,
                "profile \(profile.name) has no certificate: set one with certkeeper profile edit \(profile.name) --cert FILE"
            )
        }
        return path
    }

    private static func needsVaultProfile(_ profile: StoredProfile, _ reference: KeyVaultReference) -> CoreError {
        CoreError(
            .invalidInput,
            "profile \(profile.name) reads its certificate from \(reference): give --vault-profile NAME, a profile whose certificate may read that vault's secrets (Key Vault Secrets User)"
        )
    }

    /// The password getter: asked only when the certificate turns out to need one.
    private static func password(
        profile: StoredProfile, override: SecretReference?, about location: String,
        resolve: @escaping (SecretReference, String) throws(CoreError) -> Secret
    ) throws(CoreError) -> () throws(CoreError) -> Secret? {
        let stored = try storedReference(profile)
        let reference = override ?? stored
        return { () throws(CoreError) -> Secret? in
            guard let reference else {
                throw CoreError(
                    .secretUnavailable,
                    "\(location) (profile \(profile.name)) is password-protected and the profile has no password reference: certkeeper profile edit \(profile.name) --password-ref env:NAME"
                )
            }
            return try resolve(reference, "the certificate of profile \(profile.name) (\(location))")
        }
    }
}
