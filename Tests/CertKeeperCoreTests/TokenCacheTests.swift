import CertKeeperCore
import CertKeeperEntra
import Foundation
import TestSupport
import Testing

@Suite struct TokenCacheTests {
    let key = TokenCacheKey(
        authority: "https://login.microsoftonline.com", tenant: "t", clientID: "c",
        scope: "https://graph.microsoft.com/.default", certificateSHA256: String(repeating: "AB", count: 32)
    )

    @Test func aStoredTokenIsServedUntilFiveMinutesBeforeExpiry() throws {
        let home = try TemporaryDirectory()
        let cache = TokenCache(directory: home.path)
        let token = AccessToken(tokenType: "Bearer", value: "cached-token", expiresOn: testEpoch.addingTimeInterval(3600))
        try cache.store(token, for: key, at: testEpoch)
        #expect(try home.mode(of: TokenCache.fileName) == 0o600)
        #expect(cache.token(for: key, at: testEpoch.addingTimeInterval(3600 - 301)) == token)
        #expect(cache.token(for: key, at: testEpoch.addingTimeInterval(3600 - 300)) == nil)
    }

    @Test func everyPartOfTheKeyCounts() throws {
        let home = try TemporaryDirectory()
        let cache = TokenCache(directory: home.path)
        try cache.store(AccessToken(tokenType: "Bearer", value: "x", expiresOn: testEpoch.addingTimeInterval(3600)), for: key, at: testEpoch)
        let variants = [
            TokenCacheKey(authority: "https://login.microsoftonline.us", tenant: "t", clientID: "c", scope: key.scope, certificateSHA256: key.certificateSHA256),
            TokenCacheKey(authority: key.authority, tenant: "t2", clientID: "c", scope: key.scope, certificateSHA256: key.certificateSHA256),
            TokenCacheKey(authority: key.authority, tenant: "t", clientID: "c2", scope: key.scope, certificateSHA256: key.certificateSHA256),
            TokenCacheKey(authority: key.authority, tenant: "t", clientID: "c", scope: "api://x/.default", certificateSHA256: key.certificateSHA256),
            TokenCacheKey(authority: key.authority, tenant: "t", clientID: "c", scope: key.scope, certificateSHA256: String(repeating: "CD", count: 32)),
        ]
        for variant in variants { #expect(cache.token(for: variant, at: testEpoch) == nil) }
    }

    @Test func expiredEntriesArePrunedAndACorruptCacheIsTreatedAsEmpty() throws {
        let home = try TemporaryDirectory()
        let cache = TokenCache(directory: home.path)
        try home.write("{not json", to: TokenCache.fileName, mode: 0o600)
        #expect(cache.token(for: key, at: testEpoch) == nil)
        let other = TokenCacheKey(authority: key.authority, tenant: "old", clientID: "c", scope: key.scope, certificateSHA256: key.certificateSHA256)
        try cache.store(AccessToken(tokenType: "Bearer", value: "stale", expiresOn: testEpoch.addingTimeInterval(60)), for: other, at: testEpoch.addingTimeInterval(-3600))
        try cache.store(AccessToken(tokenType: "Bearer", value: "fresh", expiresOn: testEpoch.addingTimeInterval(3600)), for: key, at: testEpoch)
        let text = String(decoding: try home.read(TokenCache.fileName), as: UTF8.self)
        #expect(!text.contains("stale"))
        #expect(text.contains("fresh"))
    }
}
