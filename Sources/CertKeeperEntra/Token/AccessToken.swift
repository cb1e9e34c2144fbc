import Foundation

/// An access token from the token endpoint. `description` never shows the token: it goes to
/// stdout when asked for, and nowhere else.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible {
    public let tokenType: String
    /// The bearer token itself.
    public let value: String
    public let expiresOn: Date

    public init(tokenType: String, value: String, expiresOn: Date) {
        self.tokenType = tokenType
        self.value = value
        self.expiresOn = expiresOn
    }

    /// Whole seconds left at `now` (0 once expired).
    public func expiresIn(at now: Date) -> Int { max(0, Int(expiresOn.timeIntervalSince(now).rounded(.down))) }

    public var description: String { "AccessToken(\(tokenType), expires \(expiresOn))" }
}

/// Reads a success body: `{"token_type","expires_in","access_token"}`. `expires_in` is a
/// number from Entra and a string from ADFS and older endpoints; lifetimes vary (60–90
/// minutes), so it is read, never assumed.
enum TokenSuccessBody {
    static func parse(_ body: [UInt8], receivedAt: Date, endpoint: String) throws(EntraError) -> AccessToken {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw EntraError(.malformedResponse, "\(endpoint) answered success with a body that is not a JSON object: is the authority host right?")
        }
        guard let token = object["access_token"] as? String, !token.isEmpty else {
            throw EntraError(.malformedResponse, "\(endpoint) answered success without an access_token")
        }
        let expiresIn: Double
        if let number = object["expires_in"] as? NSNumber {
            expiresIn = number.doubleValue
        } else if let text = object["expires_in"] as? String, let number = Double(text) {
            expiresIn = number
        } else {
            throw EntraError(.malformedResponse, "\(endpoint) answered success without a usable expires_in")
        }
        let tokenType = object["token_type"] as? String ?? "Bearer"
        return AccessToken(tokenType: tokenType, value: token, expiresOn: receivedAt.addingTimeInterval(expiresIn))
    }
}
