import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore

/// Where `token get` takes its settings and certificate from: a profile, the environment
/// (azure-identity's `AZURE_*` or the Terraform provider's `M365_*` set), or files named on
/// the command line. Exactly one; the CLI only says which.
public enum TokenSource: Sendable {
    case profile(String)
    case environment
    case files(tenant: String, clientID: String, certificate: String, key: String?)
}

/// Settings and credential for one token request, whichever source they came from.
public struct ResolvedTokenSource: Sendable {
    public var settings: TokenSettings
    public let credential: ClientCertificateCredential
    /// Things to tell the user (a profile's file holds another certificate now).
    public let warnings: [String]
    /// Where the settings came from, for the debug log.
    public let origin: String
}

extension TokenSource {
    /// `password` is the command line's password reference: it overrides a profile's and the
    /// environment's. `prompt` is asked (on a terminal) only for files named on the command
    /// line without one; `store` is opened only for a profile, `vault` asked only for a
    /// profile whose certificate is in Key Vault (nil: no `--vault-profile`).
    public func resolve(
        environment: [String: String], password: SecretReference?,
        prompt: (_ purpose: String) throws(CoreError) -> Secret,
        store: () throws(CoreError) -> any InventoryStore,
        vault: ProfileTokenSource.VaultAccessProvider? = nil
    ) async throws(CoreError) -> ResolvedTokenSource {
        switch self {
        case .profile(let name):
            let stored = try ProfileService(store: try store()).profile(name)
            let source = try await ProfileTokenSource.load(
                profile: stored, override: password,
                resolve: { (reference, purpose) throws(CoreError) -> Secret in
                    try reference.resolve(purpose: purpose, environment: environment)
                }, vault: vault)
            return ResolvedTokenSource(settings: source.settings, credential: source.credential, warnings: source.warnings, origin: "profile \(name)")
        case .environment:
            let variables = try EnvironmentCredential.read(environment)
            let credential = try TokenCredentialFiles.load(certificate: variables.certificatePath, key: nil) { () throws(CoreError) -> Secret? in
                if let password { return try password.resolve(purpose: variables.certificatePath, environment: environment) }
                if let secret = variables.password { return secret }
                throw CoreError(.secretUnavailable, "\(variables.certificatePath) is password-protected: set \(variables.variables.password)")
            }
            var settings = TokenSettings(tenant: variables.tenant, clientID: variables.clientID, sendCertificateChain: variables.sendCertificateChain)
            if let host = variables.authorityHost { settings.authorityHost = host }
            return ResolvedTokenSource(
                settings: settings, credential: credential, warnings: [],
                origin: "--from-env: the \(variables.variables.name) variables, certificate \(variables.certificatePath)"
            )
        case .files(let tenant, let clientID, let certificate, let key):
            let credential = try TokenCredentialFiles.load(certificate: certificate, key: key) { () throws(CoreError) -> Secret? in
                if let password { return try password.resolve(purpose: key ?? certificate, environment: environment) }
                return try prompt(key ?? certificate)
            }
            return ResolvedTokenSource(
                settings: TokenSettings(tenant: tenant, clientID: clientID), credential: credential, warnings: [],
                origin: "certificate \(certificate)"
            )
        }
    }
}
