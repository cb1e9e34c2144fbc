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

    /// Entra issues 60–90 minute tokens and configurable lifetimes stop at a day: a longer
    /// `expires_in` is honoured up to this, so a cached token is asked for again daily.
    public static let maximumLifetime: TimeInterval = 86_400
    /// Beyond this (or negative, or not a number) an `expires_in` is a broken or hostile
    /// endpoint, not a long lifetime: the token is refused.
    public static let absurdLifetime: TimeInterval = 10 * 365 * 86_400

    /// Whole seconds left at `now` (0 once expired; never more than `maximumLifetime`, even
    /// for a value read back from a tampered cache).
    public func expiresIn(at now: Date) -> Int {
        let left = expiresOn.timeIntervalSince(now)
        guard left.isFinite, left > 0 else { return 0 }
        return Int(min(left, Self.maximumLifetime).rounded(.down))
    }

    /// Whether the expiry is one a token endpoint could have given at `now` (at most
    /// `maximumLifetime` ahead): a cache entry that fails this was tampered with.
    public func hasPlausibleExpiry(at now: Date) -> Bool {
        let left = expiresOn.timeIntervalSince(now)
        return left.isFinite && left <= Self.maximumLifetime
    }

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
        // A token goes to stdout and into `Authorization` headers: anything but visible ASCII
        // (a newline, an escape sequence) is a broken or hostile endpoint, not a token.
        guard isVisibleASCII(token) else {
            throw EntraError(.malformedResponse, "\(endpoint) answered success with an access_token holding control or non-ASCII characters: refused")
        }
        let expiresIn: Double
        if let number = object["expires_in"] as? NSNumber {
            expiresIn = number.doubleValue
        } else if let text = object["expires_in"] as? String, let number = Double(text) {
            expiresIn = number
        } else {
            throw EntraError(.malformedResponse, "\(endpoint) answered success without a usable expires_in")
        }
        guard expiresIn.isFinite, expiresIn >= 0, expiresIn <= AccessToken.absurdLifetime else {
            throw EntraError(
                .malformedResponse,
                "\(endpoint) answered success with an impossible expires_in (not 0 to \(Int(AccessToken.absurdLifetime)) seconds): token refused, nothing cached"
            )
        }
        let tokenType = object["token_type"] as? String ?? "Bearer"
        guard isVisibleASCII(tokenType) else {
            throw EntraError(.malformedResponse, "\(endpoint) answered success with a token_type holding control or non-ASCII characters: refused")
        }
        let lifetime = min(expiresIn, AccessToken.maximumLifetime)
        return AccessToken(tokenType: tokenType, value: token, expiresOn: receivedAt.addingTimeInterval(lifetime))
    }

    private static func isVisibleASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}
