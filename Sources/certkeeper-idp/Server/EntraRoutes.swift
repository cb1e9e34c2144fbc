import CertKeeperIdP
import Hummingbird

/// The login endpoints: OpenID discovery, JWKS and the token endpoint.
struct EntraRoutes {
    let discovery: DiscoveryService
    let tokens: TokenEndpoint
    let writer: ReplyWriter

    func add(to router: Router<BasicRequestContext>) {
        router.get("/:tenant/v2.0/.well-known/openid-configuration") { request, context in
            let started = ContinuousClock.now
            let tenant = try context.parameters.require("tenant")
            let address = writer.address(of: request)
            let correlationID = writer.correlationID(of: request)
            return writer.respond(
                to: request, started: started,
                try await writer.offload {
                    discovery.configuration(tenant: tenant, address: address, correlationID: correlationID)
                })
        }
        router.get("/:tenant/discovery/v2.0/keys") { request, _ in
            writer.respond(to: request, started: ContinuousClock.now, discovery.keys())
        }
        router.post("/:tenant/oauth2/v2.0/token") { request, context in
            let started = ContinuousClock.now
            let tenant = try context.parameters.require("tenant")
            let body = try await writer.body(of: request)
            let address = writer.address(of: request)
            let correlationID = writer.correlationID(of: request)
            return writer.respond(
                to: request, started: started,
                try await writer.offload {
                    tokens.reply(tenant: tenant, body: body, address: address, correlationID: correlationID)
                })
        }
    }
}
