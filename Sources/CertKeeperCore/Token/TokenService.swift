import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperHTTP
import Foundation
import Logging

/// A token and where it came from.
public struct TokenOutcome: Sendable {
    public let token: AccessToken
    public let fromCache: Bool
    /// The accepted assertion algorithm; nil for a cached token.
    public let algorithm: JWSAlgorithm?
    /// PS256 when it was refused with AADSTS700027 and RS256 then worked.
    public let fellBackFrom: JWSAlgorithm?
    public let certificate: CertificateIdentity
}

/// `token get`: checks the credential, consults the cache, asks the token endpoint, and
/// explains failures. Logs go to `logger` (stderr in the CLI) and never contain a token.
public struct TokenService: Sendable {
    public let client: TokenClient
    /// nil: no cache at all (the home is not available).
    public let cache: TokenCache?
    public let logger: Logger

    public init(
        cache: TokenCache?, logger: Logger, transport: any HTTPTransport,
        assertions: ClientAssertionFactory = ClientAssertionFactory(), retry: RetryPolicy = .standard, timeout: Double = 30
    ) {
        self.cache = cache
        self.logger = logger
        client = TokenClient(
            transport: transport, assertions: assertions, retry: retry, timeout: timeout,
            onEvent: { [logger] event in Self.log(event, to: logger) }
        )
    }

    /// A token for `settings` signed with `credential`. `useCache: false` neither reads nor
    /// writes the cache (`--no-cache`, and a rotation's verify step, which must prove the new
    /// certificate with a fresh request).
    public func token(
        _ settings: TokenSettings, credential: ClientCertificateCredential, useCache: Bool
    ) async throws(CoreError) -> TokenOutcome {
        let authority: AuthorityHost
        do { authority = try AuthorityHost(parsing: settings.authorityHost) } catch {
            throw CoreError(.invalidInput, error.description)
        }
        let now = client.assertions.clock()
        let identity = CertificateIdentity(credential.certificate)
        warnAboutValidity(credential.certificate, at: now)
        if !settings.scope.hasSuffix("/.default") {
            logger.warning("scope \(settings.scope) does not end in /.default: the client-credentials flow expects RESOURCE/.default (AADSTS70011)")
        }
        let key = TokenCacheKey(
            authority: authority.description, tenant: settings.tenant, clientID: settings.clientID,
            scope: settings.scope, certificateSHA256: identity.sha256.hex
        )
        if useCache, let cache, let cached = cache.token(for: key, at: now) {
            logger.debug("token cache hit in \(cache.path) (expires \(cached.expiresOn))")
            return TokenOutcome(token: cached, fromCache: true, algorithm: nil, fellBackFrom: nil, certificate: identity)
        }
        let request = TokenRequest(
            authority: authority, tenant: settings.tenant, clientID: settings.clientID, scope: settings.scope,
            credential: credential, algorithm: settings.algorithm, sendCertificateChain: settings.sendCertificateChain
        )
        let acquisition: TokenAcquisition
        do { acquisition = try await client.acquireToken(request) } catch {
            if let body = error.responseBody { logger.debug("error body: \(body)") }
            throw CoreError.identityPlatform(error)
        }
        if let rejected = acquisition.fellBackFrom {
            logger.notice(
                "\(rejected) assertion refused with AADSTS700027; \(acquisition.algorithm) accepted: this tenant wants \(acquisition.algorithm), set the profile's assertion algorithm to \(acquisition.algorithm) to skip the first attempt"
            )
        }
        if useCache, let cache {
            do { try cache.store(acquisition.token, for: key, at: now) } catch {
                logger.warning("token not cached: \(error.description)")
            }
        }
        return TokenOutcome(
            token: acquisition.token, fromCache: false, algorithm: acquisition.algorithm,
            fellBackFrom: acquisition.fellBackFrom, certificate: identity
        )
    }

    private func warnAboutValidity(_ certificate: X509Certificate, at now: Date) {
        let name = "certificate \(certificate.sha1Thumbprint.hex) (\(certificate.subject))"
        if now > certificate.notAfter {
            logger.warning("\(name) expired on \(certificate.notAfter): Entra will refuse it (AADSTS1000502); rotate it (certkeeper rotate start)")
        } else if now < certificate.notBefore {
            logger.warning("\(name) is not valid before \(certificate.notBefore): Entra will refuse it until then (AADSTS1000502)")
        }
    }

    private static func log(_ event: TokenClientEvent, to logger: Logger) {
        switch event {
        case .sending(let url, let algorithm, let attempt):
            logger.debug("POST \(url) (\(algorithm) assertion, attempt \(attempt))")
        case .received(let status, let traceID, let correlationID):
            logger.debug("HTTP \(status)\(traceID.map { " trace \($0)" } ?? "")\(correlationID.map { " correlation \($0)" } ?? "")")
        case .backingOff(let status, let seconds, let nextAttempt):
            logger.info("HTTP \(status): retrying in \(seconds) s (attempt \(nextAttempt))")
        case .fallingBack(let from, let to):
            logger.info("\(from) assertion refused with AADSTS700027: retrying once with \(to)")
        }
    }
}
