import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperHTTP
import CertKeeperStore
import Foundation
import Logging

/// Everything a rotation talks to. The CLI builds it at the edge (home, environment, fault
/// switch); tests build it with a short back-off and their own reporter.
public struct RotationContext: Sendable {
    public let store: any InventoryStore
    public let home: CertKeeperHome
    public let logger: Logger
    public let reporter: any RotationReporter
    /// Resolves a password reference when a file needs it.
    public let secrets: @Sendable (SecretReference, String) throws(CoreError) -> Secret
    public let transport: any HTTPTransport
    /// Deadline of each HTTP request, in seconds.
    public let requestTimeout: Double
    public let clock: @Sendable () -> Date
    public let sleep: @Sendable (Double) async -> Void
    /// Longest pause between verification attempts.
    public let maximumBackoff: Double
    public let faults: FaultInjection

    public init(
        store: any InventoryStore, home: CertKeeperHome, logger: Logger, reporter: any RotationReporter,
        secrets: @escaping @Sendable (SecretReference, String) throws(CoreError) -> Secret,
        transport: any HTTPTransport, requestTimeout: Double = 30,
        clock: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Double) async -> Void = RetryPolicy.taskSleep,
        maximumBackoff: Double = 15, faults: FaultInjection = .none
    ) {
        self.store = store
        self.home = home
        self.logger = logger
        self.reporter = reporter
        self.secrets = secrets
        self.transport = transport
        self.requestTimeout = requestTimeout
        self.clock = clock
        self.sleep = sleep
        self.maximumBackoff = maximumBackoff
        self.faults = faults
    }

    /// The store, its errors turned into CoreErrors.
    func ledger<Result>(_ body: (any InventoryStore) throws(StoreError) -> Result) throws(CoreError) -> Result {
        try inventoryCall { () throws(StoreError) -> Result in try body(store) }
    }

    /// A certificate file with its key, opened with its password reference.
    func credential(path: String, passwordReference: String?, purpose: String) throws(CoreError) -> ClientCertificateCredential {
        let reference = try passwordReference.map { (text) throws(CoreError) -> SecretReference in try SecretReference(parsing: text) }
        return try TokenCredentialFiles.load(certificate: path, key: nil) { () throws(CoreError) -> Secret? in
            guard let reference else {
                throw CoreError(.secretUnavailable, "\(path) (\(purpose)) is password-protected and has no password reference")
            }
            return try secrets(reference, "\(purpose) (\(path))")
        }
    }

    /// A fresh token (never the cache: a rotation proves a certificate with a new request).
    func freshToken(_ settings: TokenSettings, credential: ClientCertificateCredential) async throws(CoreError) -> TokenOutcome {
        let service = TokenService(
            cache: nil, logger: logger, transport: transport,
            assertions: ClientAssertionFactory(clock: clock), retry: RetryPolicy(sleep: sleep), timeout: requestTimeout
        )
        return try await service.token(settings, credential: credential, useCache: false)
    }

    func graphClient(endpoint: String) throws(CoreError) -> GraphKeyCredentialClient {
        do {
            return try GraphKeyCredentialClient(
                endpoint: endpoint, transport: transport, proofs: ClientAssertionFactory(clock: clock), retry: RetryPolicy(sleep: sleep),
                timeout: requestTimeout
            )
        } catch {
            throw CoreError.identityPlatform(error)
        }
    }
}
