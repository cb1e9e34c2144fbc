import CertKeeperHTTP
import Foundation

/// Key Vault's 401 challenge: `Bearer authorization="https://login…/{tenant}",
/// resource="https://vault.azure.net"` (or `scope=`). Before any token is sent, the resource
/// must be the domain the vault lives under — `vault.azure.net` for `x.vault.azure.net` —
/// as the Azure SDKs check it; a loopback vault (the emulator) is exempt, as the SDKs'
/// `verify_challenge_resource=False` makes it.
public struct KeyVaultChallenge: Sendable, Hashable {
    /// The scope to ask the token endpoint for: `{resource}/.default`.
    public let scope: String
    /// The tenant named by the authorization URL's last path segment.
    public let tenant: String?

    public init(scope: String, tenant: String?) {
        self.scope = scope
        self.tenant = tenant
    }

    /// Parses the header; nil when it is not a Bearer challenge with a resource or scope.
    public init?(header: String) {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("bearer ") else { return nil }
        let parameters = Self.parameters(String(trimmed.dropFirst("bearer ".count)))
        let scope: String
        if let given = parameters["scope"], !given.isEmpty {
            scope = given
        } else if let resource = parameters["resource"], !resource.isEmpty {
            scope = (resource.hasSuffix("/") ? String(resource.dropLast()) : resource) + "/.default"
        } else {
            return nil
        }
        let authority = parameters["authorization"] ?? parameters["authorization_uri"]
        self.scope = scope
        tenant = authority.flatMap { URL(string: $0)?.pathComponents.last }.flatMap { $0 == "/" ? nil : $0 }
    }

    /// Refuses a challenge whose resource is not the vault's parent domain.
    public func validate(for vault: URL) throws(EntraError) {
        guard let resourceHost = URL(string: scope)?.host?.lowercased(), !resourceHost.isEmpty else {
            throw EntraError(.rejected, "the vault's challenge names an invalid scope \"\(KeyVaultReference.shown(scope))\": no token was sent")
        }
        let vaultHost = vault.host?.lowercased() ?? ""
        if LoopbackHost.contains(vaultHost) { return }
        guard vaultHost.hasSuffix("." + resourceHost) else {
            throw EntraError(
                .rejected,
                "the vault \(vault.absoluteString) asks for a token for \(resourceHost), which is not its domain: no token was sent (a vault under .vault.azure.net asks for https://vault.azure.net)"
            )
        }
    }

    /// `key="value", key2=value2` (RFC 7235 auth-params).
    private static func parameters(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(text)
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            let value: String
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                value = String(rest[..<end])
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            result[key] = value
        }
        return result
    }
}
