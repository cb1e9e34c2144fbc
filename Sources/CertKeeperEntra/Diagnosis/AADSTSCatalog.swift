/// What an AADSTS code means and what to do about it, for every code docs/ARCHITECTURE.md ("Protocol facts") names.
public struct AADSTSExplanation: Sendable, Hashable {
    public let code: Int
    public let category: FailureCategory
    public let cause: String
    public let action: String
}

/// The codes certkeeper explains. Branching is on `error_codes`, never on message text.
public enum AADSTSCatalog {
    public static func explanation(for code: Int) -> AADSTSExplanation? { entries[code] }

    /// Every explained code (for tests and documentation).
    public static var knownCodes: [Int] { entries.keys.sorted() }

    private static let entries: [Int: AADSTSExplanation] = Dictionary(
        uniqueKeysWithValues: (certificate + configuration + throttling).map { ($0.code, $0) }
    )

    private static let certificate: [AADSTSExplanation] = [
        AADSTSExplanation(
            code: 700027, category: .certificate,
            cause:
                "the assertion's signature matches no certificate registered on the app: the certificate was never uploaded, a different one was, or it was added moments ago and has not replicated yet (seconds to minutes)",
            action:
                "compare the thumbprint below with the app registration's Certificates & secrets; upload the public certificate (certkeeper export cer) if it is missing; if you just uploaded it, wait a few minutes and retry"
        ),
        AADSTSExplanation(
            code: 700024, category: .certificate,
            cause: "the client assertion is outside its valid time range: this machine's clock is wrong (clock skew)",
            action: "synchronise the clock (NTP: timedatectl status, chronyc tracking) and retry"
        ),
        AADSTSExplanation(
            code: 1_000_502, category: .certificate,
            cause: "the certificate is outside its validity period (expired or not yet valid)",
            action: "rotate: create a new certificate (certkeeper rotate start -p PROFILE, or cert create), register it on the app and switch to it"
        ),
        AADSTSExplanation(
            code: 7_000_214, category: .certificate,
            cause: "the certificate has been revoked",
            action: "create and register a new certificate; remove the revoked one from the app registration"
        ),
        AADSTSExplanation(
            code: 7_000_277, category: .certificate,
            cause: "the certificate used in the assertion is revoked",
            action: "create and register a new certificate; remove the revoked one from the app registration"
        ),
        AADSTSExplanation(
            code: 50032, category: .certificate,
            cause: "the certificate's RSA key is too weak (Entra requires at least 2048 bits)",
            action: "create a certificate with an RSA key of 2048 bits or more (certkeeper cert create --bits 2048) and register it"
        ),
    ]

    private static let configuration: [AADSTSExplanation] = [
        AADSTSExplanation(
            code: 700016, category: .configuration,
            cause: "no application with this client id exists in the tenant: wrong client id, wrong tenant, or the app was deleted",
            action: "check the client id and tenant id against the app registration's Overview page (Application (client) ID, Directory (tenant) ID)"
        ),
        AADSTSExplanation(
            code: 90002, category: .configuration,
            cause: "the tenant was not found: the tenant id or domain is wrong, or it belongs to another cloud than the authority host",
            action: "check the Directory (tenant) ID; for sovereign clouds set --authority-host (e.g. https://login.microsoftonline.us)"
        ),
        AADSTSExplanation(
            code: 70011, category: .configuration,
            cause: "the scope is invalid: the client-credentials flow takes exactly one resource followed by /.default",
            action: "use --scope RESOURCE/.default, e.g. https://graph.microsoft.com/.default"
        ),
        AADSTSExplanation(
            code: 700022, category: .configuration,
            cause: "the scope is invalid: it names more than one resource, or a permission instead of /.default",
            action: "request one resource with /.default, e.g. --scope https://graph.microsoft.com/.default"
        ),
        AADSTSExplanation(
            code: 700023, category: .configuration,
            cause: "the scope is invalid for the client-credentials flow (it must end in /.default)",
            action: "use --scope RESOURCE/.default, e.g. https://graph.microsoft.com/.default"
        ),
        AADSTSExplanation(
            code: 50048, category: .configuration,
            cause: "the assertion's subject does not match its issuer (sub and iss must both be the client id)",
            action: "certkeeper sets both to the client id: if you see this, the request was altered on the way (proxy?) — report it with the trace id"
        ),
        AADSTSExplanation(
            code: 7_000_215, category: .configuration,
            cause: "the server treated the request as using an invalid client secret",
            action: "this app expects a secret, or the request was altered: check the app registration uses certificate credentials"
        ),
        AADSTSExplanation(
            code: 7_000_222, category: .configuration,
            cause: "the app's client secret has expired",
            action: "the app is authenticating with a secret, not this certificate: check which credential the caller uses"
        ),
        AADSTSExplanation(
            code: 7_000_218, category: .configuration,
            cause: "the request carried neither client_assertion nor client_secret",
            action: "certkeeper always sends a client assertion: a proxy or gateway stripped the body — check the proxy settings (https_proxy, no_proxy)"
        ),
    ]

    private static let throttling: [AADSTSExplanation] = [
        AADSTSExplanation(
            code: 50196, category: .throttling,
            cause: "client loop detected: too many identical requests in a short time",
            action: "back off; reuse cached tokens (avoid --no-cache in loops)"
        )
    ]
}
