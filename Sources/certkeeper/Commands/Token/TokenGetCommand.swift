import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto
import CertKeeperEntra
import Foundation
import Logging

struct TokenGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Acquire an access token with a certificate and print it on stdout.",
        discussion: """
            The certificate comes from a profile (-p), from the environment (--from-env: the \
            AZURE_* variables of azure-identity or the M365_* variables of the Terraform \
            microsoft365 provider, plus AZURE_AUTHORITY_HOST), or from options (--tenant, \
            --client-id, --cert: a PFX, a combined cert+key PEM, or a PEM certificate with --key).

            Assertions are PS256 with x5t#S256; when Entra answers AADSTS700027 the request is \
            retried once with RS256 and x5t (unless the algorithm is pinned), and the one that \
            worked is reported. 429 and 5xx answers are retried with back-off, honouring \
            Retry-After. Failures print the AADSTS code's cause, what to do, its class \
            (certificate / configuration / throttling), the certificate's thumbprints and the \
            trace and correlation ids.

            Tokens are cached in the home (token-cache.json, mode 0600) per authority, tenant, \
            client id, scope and certificate, and reused until 5 minutes before they expire; \
            --no-cache neither reads nor writes the cache. The token is printed on stdout only, \
            never logged.

            A profile's certificate may live in Key Vault (profile create --cert \
            keyvault:https://VAULT.vault.azure.net/certificates/NAME): its PFX is read from \
            the vault into memory, never to disk, with a token of --vault-profile's certificate.

            --format raw prints the token; json prints token_type, expires_in, expires_on (Unix \
            seconds) and access_token; claims prints the token's claims, decoded but NOT verified.
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup(title: "Where the certificate comes from") var source: TokenSourceOptions

    @OptionGroup(title: "Password options (encrypted PFX or key)") var password: PasswordOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Identity platform host (sovereign clouds, ADFS, the local emulator). Default: the profile's, $AZURE_AUTHORITY_HOST with --from-env, else https://login.microsoftonline.com.",
            valueName: "url"))
    var authorityHost: String?

    @Option(name: .long, help: ArgumentHelp("The resource to get a token for, ending in /.default. Default: the profile's, else \(TokenRequest.graphScope).", valueName: "scope"))
    var scope: String?

    @Option(name: .long, help: "Pin the assertion algorithm (no PS256 → RS256 fallback).")
    var algorithm: AlgorithmArgument?

    @Flag(name: .long, help: "Send the certificate chain (x5c) in the assertion (subject name + issuer authentication).")
    var sendCertificateChain = false

    @Option(name: .long, help: "Output format.")
    var format: TokenFormat = .raw

    @Flag(name: .long, help: "Neither read nor write the token cache: always ask the token endpoint.")
    var noCache = false

    @Option(
        name: .customLong("vault-profile"),
        help: ArgumentHelp("Profile whose certificate reads -p's certificate from Key Vault.", valueName: "name"))
    var vaultProfile: String?

    @OptionGroup(title: "Network options") var network: NetworkOptions

    func validate() throws {
        try source.validate()
        if vaultProfile != nil && source.profile == nil {
            throw ValidationError("--vault-profile goes with -p PROFILE: it reads that profile's certificate from Key Vault.")
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let environment = ProcessInfo.processInfo.environment
        let transport = try network.transport(logger: logger)
        try await CommandRunner.run(logger) { () async throws in
            let resolved = try await resolve(environment: environment, logger: logger)
            let service = TokenService(cache: tokenCache(logger: logger), logger: logger, transport: transport, timeout: network.timeout)
            let outcome = try await service.token(resolved.settings, credential: resolved.credential, useCache: !noCache)
            if outcome.fromCache {
                logger.debug("token from the cache, certificate \(outcome.certificate.sha1.hex)")
            } else if let algorithm = outcome.algorithm {
                logger.debug("token acquired with a \(algorithm) assertion, certificate \(outcome.certificate.sha1.hex)")
            }
            print(try TokenOutput.render(outcome.token, format: format, now: Date()))
            if format == .claims {
                logger.notice("claims decoded from the access token without verifying its signature: do not trust them for authorization decisions")
            }
        }
    }

    private func resolve(environment: [String: String], logger: Logger) async throws(CoreError) -> ResolvedTokenSource {
        var vault: ProfileTokenSource.VaultAccessProvider?
        if let vaultProfile {
            vault = { (_) throws(CoreError) -> VaultAccess in try vaultAccess(vaultProfile, logger: logger) }
        }
        var resolved = try await source.resolve(environment: environment, password: password, global: global, logger: logger, vault: vault)
        if let authorityHost { resolved.settings.authorityHost = authorityHost }
        if let scope { resolved.settings.scope = scope }
        if let algorithm { resolved.settings.algorithm = .pinned(algorithm.jwsAlgorithm) }
        if sendCertificateChain { resolved.settings.sendCertificateChain = true }
        return resolved
    }

    /// Key Vault access as `name`, for a profile whose certificate is in a vault.
    private func vaultAccess(_ name: String, logger: Logger) throws(CoreError) -> VaultAccess {
        do { return try VaultCLI.access(profile: name, global: global, network: network, logger: logger) } catch let error as CoreError {
            throw error
        } catch {
            throw CoreError(.invalidInput, "--vault-profile \(name): \(error)")
        }
    }

    /// The cache lives in the home (created 0700 on first use). A home that cannot be used
    /// means no cache, not a failed command: the cache is an optimisation.
    private func tokenCache(logger: Logger) -> TokenCache? {
        guard !noCache else { return nil }
        do {
            let home = try global.resolveHome()
            try home.prepare()
            return TokenCache(directory: home.path)
        } catch {
            logger.warning("token not cached: \(error.description)")
            return nil
        }
    }
}

enum AlgorithmArgument: String, ExpressibleByArgument, CaseIterable {
    case ps256 = "PS256"
    case rs256 = "RS256"

    init?(argument: String) { self.init(rawValue: argument.uppercased()) }

    var jwsAlgorithm: JWSAlgorithm { self == .ps256 ? .ps256 : .rs256 }
}
