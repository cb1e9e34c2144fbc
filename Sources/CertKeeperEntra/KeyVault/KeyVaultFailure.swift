import CertKeeperHTTP
import Foundation

/// What a request was doing, to name the role a 403 means is missing.
enum KeyVaultOperation: Sendable, CustomStringConvertible {
    case importCertificate(String)
    case readCertificate(String)
    case listCertificates
    case readSecret(String)

    var description: String {
        switch self {
        case .importCertificate(let name): "importing certificate \(name)"
        case .readCertificate(let name): "reading certificate \(name)"
        case .listCertificates: "listing certificates"
        case .readSecret(let name): "reading secret \(name)"
        }
    }

    /// The built-in role that grants the operation (RBAC vaults).
    var neededRole: String {
        switch self {
        case .importCertificate: "Key Vault Certificates Officer"
        case .readCertificate, .listCertificates: "Key Vault Certificate User or Key Vault Reader (Key Vault Certificates Officer reads and imports)"
        case .readSecret: "Key Vault Secrets User (or Key Vault Certificate User)"
        }
    }
}

/// Key Vault's error answers turned into one-line `EntraError`s.
enum KeyVaultFailure {
    static func error(_ response: HTTPResponse, vault: URL, operation: KeyVaultOperation, throttled: Bool, retryAfter: Double?) -> EntraError {
        let body = String(decoding: response.body.prefix(4096), as: UTF8.self)
        let detail = try? JSONDecoder().decode(KeyVaultWire.ErrorBody.self, from: Data(response.body)).error
        let code = detail?.code ?? "HTTP \(response.status)"
        let message = firstLine(detail?.message)
        let place = vault.host ?? vault.absoluteString
        if detail == nil, looksLikeHTML(response) {
            return EntraError(
                .malformedResponse, "\(vault.absoluteString) answered \(operation.description) with HTML (HTTP \(response.status)), not Key Vault JSON: is the vault URL right?",
                responseBody: body)
        }
        switch response.status {
        case 401:
            return EntraError(
                .rejected,
                "vault \(place) refused the token while \(operation.description) (\(code)\(message)): check the profile's tenant and that the token is for https://vault.azure.net",
                responseBody: body)
        case 403:
            let inner = detail?.innererror?.code
            if inner == "ForbiddenByRbac" || message.contains("not authorized") {
                return EntraError(
                    .forbidden,
                    "vault \(place) refused \(operation.description): the app has no role that allows it; assign it \(operation.neededRole) on the vault (ForbiddenByRbac)",
                    responseBody: body)
            }
            return EntraError(.forbidden, "vault \(place) refused \(operation.description) (\(inner ?? code)\(message))", responseBody: body)
        case 404:
            return EntraError(.notFound, "vault \(place) has no such object while \(operation.description) (\(code))", responseBody: body)
        default:
            if throttled {
                let wait = retryAfter.map { ": it asks to wait \(Int($0.rounded(.up))) s, try again then" } ?? ": try again later"
                return EntraError(.throttled, "vault \(place) is throttling \(operation.description) (HTTP \(response.status))\(wait)", responseBody: body)
            }
            return EntraError(.rejected, "vault \(place) refused \(operation.description) (HTTP \(response.status) \(code)\(message))", responseBody: body)
        }
    }

    /// A success that is not JSON (a captive portal, a web server at the vault URL).
    static func requireJSON(_ response: HTTPResponse, vault: URL, operation: KeyVaultOperation) throws(EntraError) {
        guard looksLikeHTML(response) else { return }
        throw EntraError(
            .malformedResponse,
            "\(vault.absoluteString) answered \(operation.description) with HTML (HTTP \(response.status)), not Key Vault JSON: is the vault URL right?",
            responseBody: String(decoding: response.body.prefix(4096), as: UTF8.self)
        )
    }

    private static func looksLikeHTML(_ response: HTTPResponse) -> Bool {
        if response.header("content-type")?.lowercased().contains("html") == true { return true }
        let start = response.body.prefix(64).drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        return start.first == UInt8(ascii: "<")
    }

    /// The first line of Key Vault's message, control characters replaced.
    private static func firstLine(_ message: String?) -> String {
        guard let message, let line = message.split(whereSeparator: \.isNewline).first else { return "" }
        return ": " + KeyVaultReference.shown(String(line))
    }
}
