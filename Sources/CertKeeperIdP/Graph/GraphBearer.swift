import Foundation

/// The bearer check every Graph endpoint starts with: a token this emulator issued, still
/// valid, whose audience is Microsoft Graph.
enum GraphBearer {
    static func claims(of call: GraphService.Call, issuer: AccessTokenIssuer, now: Date) throws(GraphError) -> AccessTokenClaims {
        guard let header = call.authorization, header.lowercased().hasPrefix("bearer ") else {
            throw .invalidToken("The Authorization header must be 'Bearer <token>'.")
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let claims = issuer.validate(token, now: now) else {
            throw .invalidToken("The token was not issued by this emulator, is expired, or its signature does not verify.")
        }
        guard claims.aud == ScopeRequest.graphResource || claims.aud == ScopeRequest.graphAppID else {
            throw .invalidToken("The token's audience is \(claims.aud), not Microsoft Graph: request scope https://graph.microsoft.com/.default.")
        }
        return claims
    }
}
