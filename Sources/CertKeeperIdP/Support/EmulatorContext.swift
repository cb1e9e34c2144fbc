import Foundation

/// What every endpoint of the emulator works with: the directory, the token signing
/// identity, the behaviour settings and the clock (injected so tests can move time).
public struct EmulatorContext: Sendable {
    public let store: DirectoryStore
    public let issuer: AccessTokenIssuer
    public let settings: EmulatorSettings
    let clock: @Sendable () -> Date

    public init(
        store: DirectoryStore, issuer: AccessTokenIssuer, settings: EmulatorSettings,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.issuer = issuer
        self.settings = settings
        self.clock = clock
    }

    /// Opens the state file and loads (or creates on first start) the token signing identity.
    public static func open(statePath: String, settings: EmulatorSettings) throws(IdPError) -> EmulatorContext {
        let store = try DirectoryStore(path: statePath)
        let identity = try store.identity(purpose: AccessTokenIssuer.identityPurpose) { () throws(IdPError) in
            try AccessTokenIssuer.makeIdentity()
        }
        return EmulatorContext(store: store, issuer: AccessTokenIssuer(certificate: identity.certificate, key: identity.key), settings: settings)
    }
}
