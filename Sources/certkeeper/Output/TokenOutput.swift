import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto
import CertKeeperEntra
import Foundation

/// `--format` of `token get`.
enum TokenFormat: String, ExpressibleByArgument, CaseIterable {
    /// The access token alone, for `$(certkeeper token get …)`.
    case raw
    /// token_type, expires_in, expires_on (epoch seconds), access_token.
    case json
    /// The access token's claims, decoded without verification.
    case claims
}

/// Renders a token for stdout, the only place a token ever goes.
enum TokenOutput {
    static func render(_ token: AccessToken, format: TokenFormat, now: Date) throws(CoreError) -> String {
        switch format {
        case .raw:
            return token.value
        case .json:
            let object: [String: Any] = [
                "token_type": token.tokenType,
                "expires_in": token.expiresIn(at: now),
                "expires_on": Int(now.timeIntervalSince1970.rounded(.down)) + token.expiresIn(at: now),
                "access_token": token.value,
            ]
            return try json(object)
        case .claims:
            return try json(claims(of: token))
        }
    }

    /// The payload of a JWT access token. Microsoft documents access tokens as opaque to
    /// clients: this is for reading (roles, aud, tid), not for trusting.
    private static func claims(of token: AccessToken) throws(CoreError) -> Any {
        guard let parsed = try? CompactJWS(parsing: token.value),
            let payload = try? JSONSerialization.jsonObject(with: Data(parsed.payloadJSON)),
            payload is [String: Any]
        else {
            throw CoreError(.invalidInput, "the access token is not a JWT (an opaque token): its claims cannot be shown; use --format raw or json")
        }
        return payload
    }

    private static func json(_ object: Any) throws(CoreError) -> String {
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw CoreError(.io, "could not encode the output as JSON")
        }
    }
}
