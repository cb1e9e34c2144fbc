import Foundation
import TestSupport
import Testing

/// A token endpoint is attacker controlled: an `expires_in` no real endpoint sends (2^63,
/// 1e300, hugely negative) trapped converting to Int, and the cached entry then never
/// expired, so every later call crashed too.
@Suite("token lifetimes")
struct TokenLifetimeTests {
    let tenant = "contoso.onmicrosoft.com"
    let clientID = "11111111-2222-3333-4444-555555555555"

    func arguments(_ server: ScriptedHTTPServer, cert: String, format: String = "json") -> [String] {
        ["--tenant", tenant, "--client-id", clientID, "--cert", cert, "--authority-host", server.baseURL, "--format", format]
    }

    static func body(expiresIn: String, token: String = "absurd-token") -> ScriptedHTTPServer.Response {
        .json(200, #"{"token_type":"Bearer","expires_in":\#(expiresIn),"access_token":"\#(token)"}"#)
    }

    @Test(
        "absurd lifetimes are refused with one line, nothing cached, and the next call works",
        arguments: [
            "9223372036854775808", "18446744073709551616", "1e300", "-1e300", "-9223372036854775809", "\"1e300\"", "\"-5\"", "-1",
        ])
    func absurdLifetimesAreRefused(expiresIn: String) throws {
        let files = try TokenFiles()
        let cert = try files.rsa("app").combined
        let home = try TemporaryDirectory()
        let server = try ScriptedHTTPServer([Self.body(expiresIn: expiresIn), .token("good-token")])
        let first = try TokenCLI.run(arguments(server, cert: cert), home: home.path)
        #expect(first.status == 1, "\(first)")
        #expect(first.stderr.contains("expires_in"), "\(first)")
        #expect(first.stderr.split(separator: "\n").count == 1, "\(first)")
        #expect(!first.stdout.contains("absurd-token"))
        let second = try TokenCLI.run(arguments(server, cert: cert), home: home.path)
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("good-token"), "\(second)")
        #expect(try server.requests().count == 2)
    }

    @Test("a lifetime beyond a day is used but cached for a day at most")
    func longLifetimesAreClamped() throws {
        let files = try TokenFiles()
        let cert = try files.rsa("app").combined
        let home = try TemporaryDirectory()
        let server = try ScriptedHTTPServer([Self.body(expiresIn: "31536000", token: "year-token")])
        let run = try TokenCLI.run(arguments(server, cert: cert), home: home.path)
        #expect(run.status == 0, "\(run)")
        let output = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let expiresIn = try #require(output["expires_in"] as? Int)
        #expect(expiresIn <= 86_400 && expiresIn > 86_000, "\(output)")
    }

    @Test(
        "a poisoned cache entry (expires_on 1e300, NaN-like, negative) does not crash later calls",
        arguments: [
            "1e300", "-1e300", "9.3e18", "1e20",
        ])
    func poisonedCacheEntries(expiresOn: String) throws {
        let files = try TokenFiles()
        let cert = try files.rsa("app").combined
        let home = try TemporaryDirectory()
        let server = try ScriptedHTTPServer([.token("cached-token"), .token("fresh-token")])
        #expect(try TokenCLI.run(arguments(server, cert: cert), home: home.path).status == 0)
        let cachePath = home.file("token-cache.json")
        let rewrite = try IndependentTools.python(
            """
            import json, sys
            cache = json.load(open(sys.argv[1]))
            text = json.dumps(cache).replace(json.dumps(cache["entries"][0]["expires_on"]), sys.argv[2])
            open(sys.argv[1], "w").write(text)
            """, [cachePath, expiresOn])
        #expect(rewrite.status == 0, "\(rewrite)")
        for format in ["json", "raw"] {
            let run = try TokenCLI.run(arguments(server, cert: cert, format: format), home: home.path)
            #expect(run.status == 0, "\(format): \(run)")
            #expect(run.stdout.contains("fresh-token"), "\(format): \(run)")
        }
        #expect(try server.requests().count == 2)
    }
}

/// Several `token get` runs at once (CI jobs sharing a home) each add their entry: the cache
/// is read, merged and replaced under a lock, so none is lost.
@Suite("token cache concurrency")
struct TokenCacheConcurrencyTests {
    @Test("twelve concurrent token get calls for twelve scopes leave twelve cache entries")
    func concurrentCallsKeepEveryEntry() throws {
        let files = try TokenFiles()
        let cert = try files.rsa("app").combined
        let home = try TemporaryDirectory()
        let count = 12
        let server = try ScriptedHTTPServer((0..<count).map { .token("token-\($0)") })
        let statuses = Statuses()
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let run = try? TokenCLI.run(
                [
                    "--tenant", "contoso.onmicrosoft.com", "--client-id", "11111111-2222-3333-4444-555555555555", "--cert", cert,
                    "--authority-host", server.baseURL, "--scope", "api://app-\(index)/.default",
                ], home: home.path)
            statuses.add(run?.status ?? -1)
        }
        #expect(statuses.all.allSatisfy { $0 == 0 }, "\(statuses.all)")
        let cache = try #require(try JSONSerialization.jsonObject(with: Data(home.read("token-cache.json"))) as? [String: Any])
        let entries = try #require(cache["entries"] as? [[String: Any]])
        #expect(entries.count == count, "\(entries.count) of \(count) entries kept")
    }
}

private final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int32] = []
    func add(_ value: Int32) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }
    var all: [Int32] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
