import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperHTTP
import CertKeeperStore
import Foundation

/// Key Vault clients that authenticate as a profile: its tenant, client id and certificate
/// get the token the vault's challenge asks for (`https://vault.azure.net/.default`). A vault
/// of another tenant is refused before any token is requested.
public struct VaultAccess: Sendable {
    public let profile: ProfileSettings
    let credential: ClientCertificateCredential
    let transport: any HTTPTransport
    let clock: @Sendable () -> Date
    let sleep: @Sendable (Double) async -> Void

    public init(
        profile: ProfileSettings, credential: ClientCertificateCredential, transport: any HTTPTransport,
        clock: @escaping @Sendable () -> Date = Date.init, sleep: @escaping @Sendable (Double) async -> Void = RetryPolicy.taskSleep
    ) {
        self.profile = profile
        self.credential = credential
        self.transport = transport
        self.clock = clock
        self.sleep = sleep
    }

    public func client(for vault: URL) -> KeyVaultClient {
        let profile = profile
        let credential = credential
        let transport = transport
        let clock = clock
        let sleep = sleep
        return KeyVaultClient(vault: vault, transport: transport, retry: RetryPolicy(sleep: sleep), clock: clock) { challenge throws(EntraError) in
            if let tenant = challenge.tenant, !Self.sameTenant(tenant, profile.tenantID) {
                throw EntraError(
                    .invalidParameter,
                    "vault \(vault.host ?? vault.absoluteString) belongs to tenant \(tenant), but profile \(profile.name) signs in to \(profile.tenantID): use --vault-profile with a profile of that tenant"
                )
            }
            let request = TokenRequest(
                authority: try AuthorityHost(parsing: profile.authorityHost), tenant: profile.tenantID, clientID: profile.clientID,
                scope: challenge.scope, credential: credential,
                algorithm: profile.assertionAlgorithm == .rs256 ? .pinned(.rs256) : .automatic,
                sendCertificateChain: profile.sendCertificateChain
            )
            let client = TokenClient(transport: transport, assertions: ClientAssertionFactory(clock: clock), retry: RetryPolicy(sleep: sleep))
            return try await client.acquireToken(request).token
        }
    }

    /// Tenants compare without case; the multi-tenant aliases match any tenant.
    static func sameTenant(_ challenged: String, _ profileTenant: String) -> Bool {
        let aliases: Set<String> = ["common", "organizations"]
        return challenged.lowercased() == profileTenant.lowercased() || aliases.contains(challenged.lowercased())
    }
}
