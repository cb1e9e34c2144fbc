import CertKeeperBase
import CertKeeperEntra
import Foundation

/// What a cached token was issued for. The certificate is part of the key, so a profile that
/// switches certificates (a rotation's promote step) never reuses the old certificate's token.
public struct TokenCacheKey: Sendable, Hashable, Codable {
    public let authority: String
    public let tenant: String
    public let clientID: String
    public let scope: String
    /// SHA-256 thumbprint of the signing certificate, uppercase hex.
    public let certificateSHA256: String

    public init(authority: String, tenant: String, clientID: String, scope: String, certificateSHA256: String) {
        self.authority = authority
        self.tenant = tenant
        self.clientID = clientID
        self.scope = scope
        self.certificateSHA256 = certificateSHA256
    }

    enum CodingKeys: String, CodingKey {
        case authority, tenant, scope
        case clientID = "client_id"
        case certificateSHA256 = "certificate_sha256"
    }
}

/// Access tokens on disk: `token-cache.json` in the home, mode 0600, replaced atomically.
/// A token counts as expired five minutes before it does (docs/ARCHITECTURE.md, "Protocol facts"), so a caller never
/// gets one that dies in flight. An unreadable or corrupt cache is treated as empty and
/// rewritten; the cache is an optimisation, never a reason to fail.
public struct TokenCache: Sendable {
    public static let fileName = "token-cache.json"
    /// Seconds before `expires_on` at which a cached token stops being used.
    public static let expiryMargin: TimeInterval = 300

    public let path: String

    public init(directory: String) {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
    }

    /// The cached token for `key`, if it is still good for five minutes at `now`.
    public func token(for key: TokenCacheKey, at now: Date) -> AccessToken? {
        guard let entry = readEntries().first(where: { $0.key == key }) else { return nil }
        let token = entry.token
        return Self.isFresh(token, at: now) ? token : nil
    }

    /// Stores `token` for `key`, dropping entries that are no longer usable.
    public func store(_ token: AccessToken, for key: TokenCacheKey, at now: Date) throws(CoreError) {
        // Read, merge and replace under an exclusive lock: two `token get` runs at once (CI
        // jobs sharing a home) would otherwise each write back what they read, losing the other's entry.
        let lock = try lockFile()
        defer { close(lock) }
        var entries = readEntries().filter { $0.key != key && Self.isFresh($0.token, at: now) }
        entries.append(Entry(key: key, token: token))
        let file = CacheFile(version: CacheFile.currentVersion, entries: entries)
        let bytes: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            bytes = [UInt8](try encoder.encode(file))
        } catch {
            throw CoreError(.io, "could not encode the token cache: \(error.localizedDescription)")
        }
        try CoreError.lifting(try SecureFileWriter(overwrite: true).write(bytes, to: path, mode: .privateFile))
    }

    /// `token-cache.json.lock` (0600), locked exclusively; closing the descriptor unlocks it.
    private func lockFile() throws(CoreError) -> Int32 {
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw CoreError(FileReader.error(errno: errno, path: lockPath, action: "lock")) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let code = errno
                close(descriptor)
                throw CoreError(FileReader.error(errno: code, path: lockPath, action: "lock"))
            }
        }
        return descriptor
    }

    /// Usable for five more minutes, and not expiring later than any endpoint would allow
    /// (an entry edited to expire in 1e300 seconds would otherwise be served forever).
    static func isFresh(_ token: AccessToken, at now: Date) -> Bool {
        token.hasPlausibleExpiry(at: now) && token.expiresOn.timeIntervalSince(now) > expiryMargin
    }

    private func readEntries() -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path),
            let file = try? JSONDecoder().decode(CacheFile.self, from: data),
            file.version == CacheFile.currentVersion
        else { return [] }
        return file.entries
    }

    private struct CacheFile: Codable {
        static let currentVersion = 1
        let version: Int
        let entries: [Entry]
    }

    private struct Entry: Codable {
        let key: TokenCacheKey
        let tokenType: String
        let accessToken: String
        /// Seconds since the epoch.
        let expiresOn: Double

        init(key: TokenCacheKey, token: AccessToken) {
            self.key = key
            tokenType = token.tokenType
            accessToken = token.value
            expiresOn = token.expiresOn.timeIntervalSince1970
        }

        var token: AccessToken {
            AccessToken(tokenType: tokenType, value: accessToken, expiresOn: Date(timeIntervalSince1970: expiresOn))
        }

        enum CodingKeys: String, CodingKey {
            case key
            case tokenType = "token_type"
            case accessToken = "access_token"
            case expiresOn = "expires_on"
        }
    }
}
