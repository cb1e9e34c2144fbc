import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto
import CertKeeperEntra
import Logging

/// Settings and credential for one token request, whichever source they came from.
struct ResolvedTokenSource {
    var settings: TokenSettings
    let credential: ClientCertificateCredential
}

/// Exactly one of: a profile, the environment, or tenant + client id + certificate options.
struct TokenSourceOptions: ParsableArguments {
    @Option(name: [.customShort("p"), .long], help: ArgumentHelp("Use this profile's tenant, app and certificate.", valueName: "name"))
    var profile: String?

    @Flag(name: .customLong("from-env"), help: "Read AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_CERTIFICATE_PATH (+ _PASSWORD, AZURE_CLIENT_SEND_CERTIFICATE_CHAIN), or the M365_* equivalents.")
    var fromEnvironment = false

    @Option(name: .long, help: ArgumentHelp("Directory (tenant) id or domain.", valueName: "tenant"))
    var tenant: String?

    @Option(name: .customLong("client-id"), help: ArgumentHelp("Application (client) id.", valueName: "id"))
    var clientID: String?

    @Option(name: .long, help: ArgumentHelp("Certificate: a PFX, a cert+key PEM, or a PEM/DER certificate (with --key).", valueName: "file"), completion: .file())
    var cert: String?

    @Option(name: .long, help: ArgumentHelp("Private key file for a PEM/DER --cert.", valueName: "file"), completion: .file())
    var key: String?

    func validate() throws {
        let adHoc = tenant != nil || clientID != nil || cert != nil || key != nil
        let chosen = [profile != nil, fromEnvironment, adHoc].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("Give exactly one of -p PROFILE, --from-env, or --tenant T --client-id C --cert FILE.")
        }
        if adHoc {
            let missing = [("--tenant", tenant), ("--client-id", clientID), ("--cert", cert)].filter { $0.1 == nil }.map(\.0)
            if !missing.isEmpty { throw ValidationError("Missing \(missing.joined(separator: ", ")): an ad hoc token needs --tenant, --client-id and --cert.") }
        }
    }

    func resolve(
        environment: [String: String], password: PasswordOptions, global: GlobalOptions, logger: Logger
    ) throws(CoreError) -> ResolvedTokenSource {
        if fromEnvironment { return try resolveEnvironment(environment, password: password, logger: logger) }
        if let profile {
            let stored = try ProfileService(store: try global.openInventory()).profile(profile)
            let source = try ProfileTokenSource(profile: stored, override: password.reference) { (reference, purpose) throws(CoreError) -> Secret in
                try reference.resolve(purpose: purpose, environment: environment)
            }
            for warning in source.warnings { logger.warning("\(warning)") }
            return ResolvedTokenSource(settings: source.settings, credential: source.credential)
        }
        guard let tenant, let clientID, let cert else {
            throw CoreError(.invalidInput, "an ad hoc token needs --tenant, --client-id and --cert")
        }
        let credential = try TokenCredentialFiles.load(certificate: cert, key: key) { () throws(CoreError) -> Secret? in
            try password.resolveOrPrompt(purpose: key ?? cert)
        }
        return ResolvedTokenSource(settings: TokenSettings(tenant: tenant, clientID: clientID), credential: credential)
    }

    private func resolveEnvironment(_ environment: [String: String], password: PasswordOptions, logger: Logger) throws(CoreError) -> ResolvedTokenSource {
        let variables = try EnvironmentCredential.read(environment)
        logger.debug("--from-env: using the \(variables.variables.name) variables, certificate \(variables.certificatePath)")
        let credential = try TokenCredentialFiles.load(certificate: variables.certificatePath, key: nil) { () throws(CoreError) -> Secret? in
            if let secret = try password.resolveIfGiven(purpose: variables.certificatePath) { return secret }
            if let secret = variables.password { return secret }
            throw CoreError(.secretUnavailable, "\(variables.certificatePath) is password-protected: set \(variables.variables.password)")
        }
        var settings = TokenSettings(tenant: variables.tenant, clientID: variables.clientID, sendCertificateChain: variables.sendCertificateChain)
        if let host = variables.authorityHost { settings.authorityHost = host }
        return ResolvedTokenSource(settings: settings, credential: credential)
    }
}
