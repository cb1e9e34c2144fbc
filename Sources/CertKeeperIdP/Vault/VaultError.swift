import Foundation

/// A Key Vault refusal: status plus `{"error":{"code","message","innererror":{"code"}}}`.
/// 401s carry the challenge that tells a client which authority and resource to use.
struct VaultError: Error, Sendable {
    let status: Int
    let code: String
    let message: String
    var innerCode: String?
    var challenge = false

    static func unauthorized(_ message: String) -> VaultError {
        VaultError(status: 401, code: "Unauthorized", message: message, challenge: true)
    }

    static func badParameter(_ message: String) -> VaultError {
        VaultError(status: 400, code: "BadParameter", message: message)
    }

    static func unreadablePKCS12() -> VaultError {
        badParameter("The specified PKCS#12 X.509 certificate content can not be read. Please check if certificate is in valid PKCS#12 format.")
    }

    static func invalidName(_ name: String) -> VaultError {
        badParameter("The request URI contains an invalid name: \(name)")
    }

    static func certificateNotFound(_ what: String) -> VaultError {
        VaultError(
            status: 404, code: "CertificateNotFound",
            message:
                "A certificate with (name/id) \(what) was not found in this key vault. If you recently deleted this certificate you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"
        )
    }

    static func secretNotFound(_ what: String) -> VaultError {
        VaultError(
            status: 404, code: "SecretNotFound",
            message:
                "A secret with (name/id) \(what) was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"
        )
    }

    static func secretDisabled() -> VaultError {
        VaultError(status: 403, code: "Forbidden", message: "Operation get is not allowed on a disabled secret.", innerCode: "SecretDisabled")
    }

    static func notFound(_ path: String) -> VaultError {
        VaultError(status: 404, code: "NotFound", message: "The requested path \(path) does not exist on this vault.")
    }

    static func methodNotAllowed(_ method: String) -> VaultError {
        VaultError(status: 405, code: "MethodNotAllowed", message: "The method \(method) is not allowed here.")
    }

    /// Key Vault's answer to a client over its request quota (the service limits).
    static func throttled(retryAfter seconds: Int) -> VaultError {
        VaultError(status: 429, code: "Throttled", message: "Rate limit is exceeded. Try again in \(seconds) seconds.")
    }

    static func conflict(_ message: String) -> VaultError {
        VaultError(status: 409, code: "Conflict", message: message)
    }

    static func serviceFailure() -> VaultError {
        VaultError(status: 500, code: "InternalServerError", message: "The emulator could not complete the request: see its stderr.")
    }

    /// What Azure answers when no role assignment grants `action` (RBAC vaults).
    static func forbiddenByRbac(action: VaultAction, caller: String, vault: Vault, resource: String) -> VaultError {
        let lines = [
            "Caller is not authorized to perform action on resource.",
            "If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.",
            "Caller: \(caller)",
            "Action: '\(action.rawValue)'",
            "Resource: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/certkeeper-idp/providers/microsoft.keyvault/vaults/\(vault.name.lowercased())\(resource.lowercased())'",
            "Assignment: (not found)",
            "DenyAssignmentId: null",
            "DecisionReason: 'DeniedWithNoValidRBAC' ",
            "Vault: \(vault.name);location=loopback",
        ]
        return VaultError(status: 403, code: "Forbidden", message: lines.joined(separator: "\r\n") + "\r\n", innerCode: "ForbiddenByRbac")
    }
}

/// Turns a `VaultError` into the HTTP answer, challenge header included.
enum VaultErrorBody {
    private struct Body: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let innererror: Inner?
        }
        struct Inner: Encodable { let code: String }
        let error: Detail
    }

    static func reply(_ error: VaultError, challenge: String, subject: String?) -> HTTPReply {
        let body = Body(error: .init(code: error.code, message: error.message, innererror: error.innerCode.map(Body.Inner.init(code:))))
        return HTTPReply(
            status: error.status, contentType: "application/json; charset=utf-8", body: JSON.encode(body),
            verdict: error.innerCode ?? error.code, subject: subject,
            headers: error.status == 401 || error.challenge ? ["WWW-Authenticate": challenge] : [:]
        )
    }
}
