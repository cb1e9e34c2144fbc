import CertKeeperIdP
import Hummingbird

/// The login endpoints: OpenID discovery, JWKS and the token endpoint.
struct EntraRoutes {
    let discovery: DiscoveryService
    let tokens: TokenService
    let writer: ReplyWriter

    func add(to router: Router<BasicRequestContext>) {
        router.get("/:tenant/v2.0/.well-known/openid-configuration") { request, context in
            let started = ContinuousClock.now
            let tenant = try context.parameters.require("tenant")
            return writer.respond(to: request, started: started, discovery.configuration(
                tenant: tenant, address: writer.address(of: request), correlationID: writer.correlationID(of: request)
            ))
        }
        router.get("/:tenant/discovery/v2.0/keys") { request, _ in
            writer.respond(to: request, started: ContinuousClock.now, discovery.keys())
        }
        router.post("/:tenant/oauth2/v2.0/token") { request, context in
            let started = ContinuousClock.now
            let tenant = try context.parameters.require("tenant")
            let body = try await writer.body(of: request)
            return writer.respond(to: request, started: started, tokens.reply(
                tenant: tenant, body: body, address: writer.address(of: request), correlationID: writer.correlationID(of: request)
            ))
        }
    }
}
