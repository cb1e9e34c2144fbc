import CertKeeperCrypto

/// The credential settings pipelines already export: azure-identity's `AZURE_*` set or the
/// Terraform microsoft365 provider's `M365_*` set (docs/ARCHITECTURE.md, "Protocol facts"),
/// so pipelines that already export one of them work unchanged.
public struct EnvironmentCredential: Sendable {
    public struct VariableSet: Sendable {
        public let name: String
        public let tenant: String
        public let clientID: String
        public let certificatePath: String
        public let password: String
        public let sendChain: String
    }

    public static let azure = VariableSet(
        name: "AZURE_*", tenant: "AZURE_TENANT_ID", clientID: "AZURE_CLIENT_ID",
        certificatePath: "AZURE_CLIENT_CERTIFICATE_PATH", password: "AZURE_CLIENT_CERTIFICATE_PASSWORD",
        sendChain: "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"
    )
    public static let m365 = VariableSet(
        name: "M365_*", tenant: "M365_TENANT_ID", clientID: "M365_CLIENT_ID",
        certificatePath: "M365_CLIENT_CERTIFICATE_FILE_PATH", password: "M365_CLIENT_CERTIFICATE_PASSWORD",
        sendChain: "M365_SEND_CERTIFICATE_CHAIN"
    )
    public static let authorityHostVariable = "AZURE_AUTHORITY_HOST"

    public let variables: VariableSet
    public let tenant: String
    public let clientID: String
    public let certificatePath: String
    /// Read only when the file turns out to be encrypted.
    public let password: Secret?
    public let sendCertificateChain: Bool
    public let authorityHost: String?

    /// The `AZURE_*` set when it names a certificate, else the `M365_*` set when it does;
    /// one line naming every missing variable otherwise.
    public static func read(_ environment: [String: String]) throws(CoreError) -> EnvironmentCredential {
        let value = { (name: String) -> String? in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let chosen: VariableSet
        if value(azure.certificatePath) != nil {
            chosen = azure
        } else if value(m365.certificatePath) != nil {
            chosen = m365
        } else if [m365.tenant, m365.clientID].contains(where: { value($0) != nil }) && value(azure.tenant) == nil {
            chosen = m365
        } else {
            chosen = azure
        }
        let missing = [chosen.tenant, chosen.clientID, chosen.certificatePath].filter { value($0) == nil }
        guard missing.isEmpty, let tenant = value(chosen.tenant), let clientID = value(chosen.clientID),
            let path = value(chosen.certificatePath)
        else {
            let other = chosen.name == azure.name ? m365 : azure
            throw CoreError(
                .invalidInput,
                "--from-env: \(missing.joined(separator: ", ")) not set (set \(chosen.tenant), \(chosen.clientID) and \(chosen.certificatePath), or the \(other.name) equivalents)"
            )
        }
        return EnvironmentCredential(
            variables: chosen, tenant: tenant, clientID: clientID, certificatePath: path,
            password: environment[chosen.password].map { Secret($0) },
            sendCertificateChain: try flag(environment[chosen.sendChain], name: chosen.sendChain),
            authorityHost: value(authorityHostVariable)
        )
    }

    /// `true`/`1`/`yes` or `false`/`0`/`no`/empty, any case (azure-identity and Terraform
    /// both write `true`/`false`).
    private static func flag(_ text: String?, name: String) throws(CoreError) -> Bool {
        switch text?.lowercased() {
        case nil, "", "false", "0", "no": return false
        case "true", "1", "yes": return true
        case let other?: throw CoreError(.invalidInput, "\(name)=\(other) is not true or false")
        }
    }
}
