import CertKeeperIdP
import Hummingbird

/// One vault's listener: every request goes to its `VaultService` (which parses the path),
/// so a vault is an origin of its own, as `https://NAME.vault.azure.net` is: the Azure SDKs
/// take the vault from an id's scheme, host and port, and would refuse a path prefix.
struct VaultResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let service: VaultService
    let writer: ReplyWriter
    let listeners: ListenerRegistry

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let body = try await writer.body(of: request)
        let call = VaultService.Call(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
            authorization: request.headers[.authorization], body: body,
            vaultBaseURL: writer.address(of: request).baseURL, authority: listeners.loginBaseURL
        )
        let service = self.service
        return writer.respond(to: request, started: started, try await writer.offload { service.reply(call) })
    }
}
