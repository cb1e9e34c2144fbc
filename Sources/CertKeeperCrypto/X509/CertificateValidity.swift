import Foundation

/// A certificate's validity period, whole seconds, notBefore < notAfter.
public struct CertificateValidity: Sendable, Hashable {
    /// Ten years: longer credentials defeat the point of rotation, and portals warn about them.
    public static let maximumDays = 3650

    public let notBefore: Date
    public let notAfter: Date

    public init(notBefore: Date, notAfter: Date) throws(CryptoError) {
        let start = Date(timeIntervalSince1970: notBefore.timeIntervalSince1970.rounded(.down))
        let end = Date(timeIntervalSince1970: notAfter.timeIntervalSince1970.rounded(.down))
        guard start < end else {
            throw CryptoError(.invalidParameter, "not-after must be later than not-before")
        }
        guard end.timeIntervalSince(start) <= Double(Self.maximumDays) * 86_400 + Self.backdating else {
            throw CryptoError(.invalidParameter, "validity longer than \(Self.maximumDays) days is not allowed")
        }
        self.notBefore = start
        self.notAfter = end
    }

    /// How far before "now" a new certificate's notBefore lies, as CAs do: a local clock a
    /// little ahead of the verifier's (Entra's) must not make it "not yet valid" (AADSTS1000502).
    public static let backdating: TimeInterval = 300

    /// `days` days starting at `start` (default: now).
    public static func days(_ days: Int, from start: Date = Date()) throws(CryptoError) -> CertificateValidity {
        guard (1...maximumDays).contains(days) else {
            throw CryptoError(.invalidParameter, "--days must be between 1 and \(maximumDays), got \(days)")
        }
        return try CertificateValidity(notBefore: start, notAfter: start.addingTimeInterval(Double(days) * 86_400))
    }

    /// A new certificate's validity: until `days` days after `now`, from `backdating` before it.
    public static func daysFromNow(_ days: Int, now: Date = Date()) throws(CryptoError) -> CertificateValidity {
        guard (1...maximumDays).contains(days) else {
            throw CryptoError(.invalidParameter, "--days must be between 1 and \(maximumDays), got \(days)")
        }
        return try CertificateValidity(notBefore: now.addingTimeInterval(-backdating), notAfter: now.addingTimeInterval(Double(days) * 86_400))
    }
}
