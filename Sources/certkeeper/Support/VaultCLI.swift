import CertKeeperCore
import CertKeeperCrypto
import CertKeeperHTTP
import Foundation
import Logging

/// Key Vault access for commands that read vaults (`scan --keyvault`, `inventory import
/// keyvault:URL`): the token comes from a profile's certificate.
enum VaultCLI {
    static func access(profile name: String, global: GlobalOptions, network: NetworkOptions, logger: Logger) throws -> VaultAccess {
        let environment = ProcessInfo.processInfo.environment
        let stored = try ProfileService(store: try global.openInventory()).profile(name)
        let source = try ProfileTokenSource(profile: stored, override: nil) { (reference, purpose) throws(CoreError) -> Secret in
            try reference.resolve(purpose: purpose, environment: environment)
        }
        for warning in source.warnings { logger.warning("\(warning)") }
        return VaultAccess(profile: stored.settings, credential: source.credential, transport: try network.transport(logger: logger))
    }
}
