/// What kind of problem a token failure is, which decides what to do about it (docs/ARCHITECTURE.md, "Protocol facts").
public enum FailureCategory: String, Sendable, Hashable, CustomStringConvertible {
    /// The certificate: rotate it, register it, or wait for replication. 700027 right after
    /// registration is normal for minutes, so a rotation's verify step retries these.
    case certificate
    /// Tenant, app, scope or request settings: retrying changes nothing.
    case configuration
    /// 429, 5xx, AADSTS50196: back off and try later.
    case throttling
    /// A code certkeeper does not know; the server's words are shown verbatim.
    case unknown

    public var description: String {
        switch self {
        case .certificate: "certificate problem: rotate or re-register the certificate"
        case .configuration: "configuration problem: fix the settings, retrying will not help"
        case .throttling: "throttling or service problem: back off and retry later"
        case .unknown: "unclassified error"
        }
    }
}
