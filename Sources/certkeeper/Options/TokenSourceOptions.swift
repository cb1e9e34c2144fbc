import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Logging

/// Exactly one of: a profile, the environment, or tenant + client id + certificate options.
struct TokenSourceOptions: ParsableArguments {
    @Option(name: [.customShort("p"), .long], help: ArgumentHelp("Use this profile's tenant, app and certificate.", valueName: "name"))
    var profile: String?

    @Flag(
        name: .customLong("from-env"),
        help: "Read AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_CERTIFICATE_PATH (+ _PASSWORD, AZURE_CLIENT_SEND_CERTIFICATE_CHAIN), or the M365_* equivalents.")
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

    /// Which source the options name (validate() has checked there is exactly one).
    var source: TokenSource {
        if fromEnvironment { return .environment }
        if let profile { return .profile(profile) }
        return .files(tenant: tenant ?? "", clientID: clientID ?? "", certificate: cert ?? "", key: key)
    }

    func resolve(
        environment: [String: String], password: PasswordOptions, global: GlobalOptions, logger: Logger,
        vault: ProfileTokenSource.VaultAccessProvider? = nil
    ) async throws(CoreError) -> ResolvedTokenSource {
        let resolved = try await source.resolve(
            environment: environment, password: password.reference,
            prompt: { (purpose) throws(CoreError) -> Secret in try password.resolveOrPrompt(purpose: purpose) },
            store: { () throws(CoreError) -> any InventoryStore in try global.openInventory() },
            vault: vault
        )
        logger.debug("token settings from \(resolved.origin)")
        for warning in resolved.warnings { logger.warning("\(warning)") }
        return resolved
    }
}
