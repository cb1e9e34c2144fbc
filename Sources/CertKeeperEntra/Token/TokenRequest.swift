import CertKeeperCrypto

/// Which assertion algorithm to use.
public enum AssertionAlgorithmPolicy: Sendable, Hashable, CustomStringConvertible {
    /// PS256 (what MSAL sends), retried once with RS256 on AADSTS700027.
    case automatic
    /// Exactly this algorithm, no fallback (a profile that pins it).
    case pinned(JWSAlgorithm)

    var first: JWSAlgorithm {
        switch self {
        case .automatic: .ps256
        case .pinned(let algorithm): algorithm
        }
    }

    public var description: String {
        switch self {
        case .automatic: "PS256 (RS256 fallback)"
        case .pinned(let algorithm): "\(algorithm) (pinned)"
        }
    }
}

/// A client-credentials token request with a certificate.
public struct TokenRequest: Sendable {
    public var authority: AuthorityHost
    public var tenant: String
    public var clientID: String
    /// One resource followed by `/.default`.
    public var scope: String
    public var credential: ClientCertificateCredential
    public var algorithm: AssertionAlgorithmPolicy
    /// Send `x5c` (the chain, leaf first): subject name + issuer authentication.
    public var sendCertificateChain: Bool

    public init(
        authority: AuthorityHost = .publicCloud, tenant: String, clientID: String, scope: String,
        credential: ClientCertificateCredential, algorithm: AssertionAlgorithmPolicy = .automatic,
        sendCertificateChain: Bool = false
    ) {
        self.authority = authority
        self.tenant = tenant
        self.clientID = clientID
        self.scope = scope
        self.credential = credential
        self.algorithm = algorithm
        self.sendCertificateChain = sendCertificateChain
    }

    public static let graphScope = "https://graph.microsoft.com/.default"
}

/// A token and how it was obtained.
public struct TokenAcquisition: Sendable {
    public let token: AccessToken
    /// The assertion algorithm the server accepted.
    public let algorithm: JWSAlgorithm
    /// PS256 when it was refused with AADSTS700027 and RS256 then worked.
    public let fellBackFrom: JWSAlgorithm?
    /// HTTP requests sent (retries and fallback included).
    public let requestCount: Int
}

/// What the client is doing, for debug logs. Never holds a token or an assertion.
public enum TokenClientEvent: Sendable {
    case sending(url: String, algorithm: JWSAlgorithm, attempt: Int)
    case received(status: Int, traceID: String?, correlationID: String?)
    case backingOff(status: Int, seconds: Double, nextAttempt: Int)
    case fallingBack(from: JWSAlgorithm, to: JWSAlgorithm)
}
