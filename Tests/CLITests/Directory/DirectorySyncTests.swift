import Foundation
import TestSupport
import Testing

/// `certkeeper directory sync` and `list` against certkeeper-idp (and a scripted Graph for
/// broken answers): pages, history, the thumbprint link, 403, throttling, bad pages, kill -9.
@Suite struct DirectorySyncTests {
    @Test func syncListsHistoryAndLinksCertificatesByThumbprint() throws {
        let fixture = try DirectoryFixture(apps: 300)
        let first = try fixture.sync()
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("301 applications, 301 service principals"))
        #expect(first.stdout.contains("first sync"))
        var listed = try fixture.listed()
        let days = listed.compactMap { $0["daysLeft"] as? Int }
        #expect(days == days.sorted(), "soonest expiry first")
        // The reader's own certificate: SHA-1 from customKeyIdentifier, checked with openssl.
        let sha1 = try IndependentTools.opensslFingerprint(of: fixture.certificate, digest: "sha1")
        let own = try #require(listed.first { $0["appId"] as? String == IdPEmulator.clientID && $0["kind"] as? String == "certificate" })
        #expect(own["sha1Thumbprint"] as? String == sha1)
        // The profile's file holds it (profile create recorded it in the inventory).
        #expect((own["filePaths"] as? [String]) == [fixture.combined])

        // Once the inventory holds another file, each side names the other.
        #expect(try fixture.run(["inventory", "import", fixture.certificate]).status == 0)
        listed = try fixture.listed()
        let linked = try #require(listed.first { $0["keyId"] as? String == own["keyId"] as? String })
        #expect(Set(linked["filePaths"] as? [String] ?? []) == [fixture.certificate, fixture.combined])
        let shown = try fixture.run(["inventory", "show", sha1])
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout.contains("certkeeper token tests"), "\(shown.stdout)")

        // A secret added, another removed, a certificate added then removed.
        let seededSecret = try #require(listed.first { $0["kind"] as? String == "secret" && $0["objectType"] as? String == "application" })
        try fixture.idpAdmin(["app", "remove-secret", "--app", seededSecret["objectId"] as? String ?? "", "--key", seededSecret["keyId"] as? String ?? ""])
        try fixture.idpAdmin(["app", "add-secret", "--app", IdPEmulator.objectID, "--display-name", "ci", "--days", "20"])
        let (extra, _, _) = try fixture.files.rsa("extra")
        try fixture.idpAdmin(["app", "add-cert", "--app", IdPEmulator.objectID, "--cert", extra])
        Thread.sleep(forTimeInterval: 1.2)  // the emulator's application cache lives one second
        #expect(try fixture.sync().status == 0)
        try fixture.idpAdmin(["app", "remove-cert", "--app", IdPEmulator.objectID, "--key", try IndependentTools.opensslFingerprint(of: extra, digest: "sha1")])
        let third = try fixture.sync()
        #expect(third.status == 0)
        #expect(third.stdout.contains("0 credentials added, 1 removed"), "\(third.stdout)")
        let history = try fixture.run(["history"]).stdout
        #expect(history.contains("secret added to application certkeeper token tests"))
        #expect(history.contains("secret removed from application \(seededSecret["appName"] as? String ?? "?")"))
        #expect(history.contains("certificate added to application certkeeper token tests"))
        #expect(history.contains("certificate removed from application certkeeper token tests"))
    }

    @Test func withoutApplicationReadAllTheSyncSaysWhichPermissionAndConsent() throws {
        let fixture = try DirectoryFixture(apps: 3, roles: ["User.Read.All"])
        let sync = try fixture.sync()
        #expect(sync.status == 1)
        #expect(sync.stderr.contains("HTTP 403 Authorization_RequestDenied"), "\(sync.stderr)")
        #expect(sync.stderr.contains("Application.Read.All") && sync.stderr.contains("admin consent"))
        #expect(try fixture.run(["directory", "list"]).stderr.contains("no tenant has been synced"))
    }

    @Test func throttledPagesAreRetriedAfterRetryAfter() throws {
        let fixture = try DirectoryFixture(apps: 1_100, serveArguments: ["--throttle-every", "2", "--throttle-retry-after", "1"])
        let sync = try fixture.sync()
        #expect(sync.status == 0, "\(sync)")
        #expect(sync.stderr.contains("HTTP 429: retrying in 1 s"))
        #expect(sync.stdout.contains("1101 applications, 1101 service principals"))
        let log = try fixture.idp.requestLog().filter { ($0["path"] as? String)?.hasPrefix("/v1.0/") == true }
        #expect(log.filter { $0["status"] as? Int == 429 }.count >= 2)
    }

    @Test(arguments: [
        ("<html>gateway</html>", "is not JSON"),
        (#"{"value":[{"id":"o","appId":"a","displayName":"x","keyCredentials":["#, "is not JSON"),
        (#"{"@odata.context":"x"}"#, #"has no "value" array"#),
        (#"{"value":[{"id":"o","appId":"a","displayName":"x","passwordCredentials":[{"keyId":"k","endDateTime":"2026-13-45T99:00:00Z"}]}]}"#, "unparseable endDateTime"),
        (#"{"value":[],"@odata.nextLink":"https://evil.example/v1.0/applications?$skiptoken=x"}"#, "refusing to send the token there"),
        (#"{"value":[],"@odata.nextLink":"{{BASE}}:1/v1.0/applications"}"#, "is not a URL"),
        // The tenant's names in the error line are escaped: no ESC, no second line.
        (
            #"{"value":[{"id":"o","appId":"a\u001b[2J","displayName":"\u001b[31mevil\n::error::x","passwordCredentials":[{"keyId":"k\u0007","endDateTime":"x"}]}]}"#,
            #"application "\x1b[31mevil\x0a::error::x" (appId a\x1b[2J), secret keyId k\x07 has an unparseable endDateTime"#
        ),
    ])
    func aBrokenPageFailsTheSyncAndKeepsTheSnapshot(body: String, message: String) throws {
        let fixture = try DirectoryFixture(apps: 10)
        #expect(try fixture.sync().status == 0)
        let before = try fixture.listed().count
        let graph = try ScriptedHTTPServer([.json(200, body)])
        defer { graph.stop() }
        #expect(try fixture.run(["profile", "edit", "-p", DirectoryFixture.profile, "--graph-endpoint", graph.baseURL]).status == 0)
        let sync = try fixture.sync()
        #expect(sync.status == 1)
        #expect(sync.stderr.contains(message), "\(sync.stderr)")
        #expect(sync.stderr.split(separator: "\n").count <= 2, "one clear line: \(sync.stderr)")
        #expect(!sync.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(sync.stderr)")
        #expect(try graph.requests().count == 1)
        #expect(try fixture.listed().count == before)
    }

    @Test func graphsErrorTextIsEscaped() throws {
        let fixture = try DirectoryFixture(apps: 0)
        let body = #"{"error":{"code":"Request_BadRequest\u001b[31m","message":"bad\nError: forged line\u001b]0;title\u0007"}}"#
        let graph = try ScriptedHTTPServer([.json(400, body)])
        defer { graph.stop() }
        #expect(try fixture.run(["profile", "edit", "-p", DirectoryFixture.profile, "--graph-endpoint", graph.baseURL]).status == 0)
        let sync = try fixture.sync()
        #expect(sync.status == 1)
        #expect(sync.stderr.contains(#"HTTP 400 Request_BadRequest\x1b[31m): bad\x0aError: forged line\x1b]0;title\x07"#), "\(sync.stderr)")
        #expect(!sync.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(sync.stderr)")
    }

    @Test func listAndHistoryEscapeTheTenantsNames() throws {
        let fixture = try DirectoryFixture(apps: 0)
        let hostile = "\u{1B}[31mevil\u{1B}]0;title\u{07}\n::error file=x::forged\u{202E}txt"
        try fixture.idpAdmin([
            "app", "create", "--tenant", IdPEmulator.tenant, "--client-id", "00000000-0000-0000-0000-0000000000cc",
            "--object-id", "00000000-0000-0000-0000-0000000000dd", "--display-name", hostile,
        ])
        try fixture.idpAdmin(["app", "add-secret", "--app", "00000000-0000-0000-0000-0000000000dd", "--display-name", hostile, "--days", "40"])
        let first = try fixture.sync()
        #expect(first.status == 0, "\(first)")
        let table = try fixture.run(["directory", "list"])
        #expect(table.status == 0)
        #expect(table.stdout.contains(#"\x1b[31mevil\x1b]0;title"#), "\(table.stdout)")
        #expect(!table.stdout.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0 == "\u{202E}" }, "\(table.stdout)")
        #expect(table.stdout.split(separator: "\n").count == 1 + (try fixture.listed()).count, "one line per credential")
        // JSON carries the exact text (escaped as JSON), read back by Python's json module.
        let json = try fixture.run(["directory", "list", "--format", "json"])
        #expect(!json.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let directory = try TemporaryDirectory()
        let parsed = try IndependentTools.python(
            "import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(sorted({c['appName'] for c in d['credentials']} | {c['displayName'] or '' for c in d['credentials']})))",
            [try directory.write(json.stdoutBytes, to: "list.json")])
        let names = try JSONDecoder().decode([String].self, from: Data(parsed.stdout.utf8))
        #expect(names.contains(hostile), "\(parsed)")
        // The history names the app with the same escapes.
        try fixture.idpAdmin(["app", "add-secret", "--app", "00000000-0000-0000-0000-0000000000dd", "--display-name", "second", "--days", "90"])
        Thread.sleep(forTimeInterval: 1.2)  // the emulator's application cache lives one second
        #expect(try fixture.sync().status == 0)
        let history = try fixture.run(["history"])
        #expect(history.stdout.contains(#"secret added to application \x1b[31mevil"#), "\(history.stdout)")
        #expect(!history.stdout.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0 == "\u{202E}" })
    }

    @Test func theNextLinkIsFollowedExactlyAsReturned() throws {
        let fixture = try DirectoryFixture(apps: 0)
        let page = #"{"value":[{"id":"o1","appId":"a1","displayName":"one"}],"@odata.nextLink":"{{BASE}}/v1.0/applications?$skiptoken=RFNwdAIAAQ%3D%3D&$top=999"}"#
        let graph = try ScriptedHTTPServer([
            .json(200, page), .json(200, #"{"value":[{"id":"o2","appId":"a2","displayName":"two"}]}"#), .json(200, #"{"value":[]}"#),
        ])
        defer { graph.stop() }
        #expect(try fixture.run(["profile", "edit", "-p", DirectoryFixture.profile, "--graph-endpoint", graph.baseURL]).status == 0)
        let sync = try fixture.sync()
        #expect(sync.status == 0, "\(sync)")
        let paths = try graph.requests().map(\.path)
        #expect(paths.count == 3)
        #expect(paths[1] == "/v1.0/applications?$skiptoken=RFNwdAIAAQ%3D%3D&$top=999")
        #expect(try graph.requests().allSatisfy { $0.headers["authorization"]?.hasPrefix("Bearer ") == true })
    }

    @Test func aSyncKilledHalfWayLeavesThePreviousSnapshot() throws {
        let fixture = try DirectoryFixture(apps: 6_000)
        #expect(try fixture.sync().status == 0)
        let before = try fixture.listed().count
        try fixture.idpAdmin(["app", "add-secret", "--app", IdPEmulator.objectID, "--days", "5"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.certkeeper)
        process.arguments = ["--home", fixture.home.path, "directory", "sync", "-p", DirectoryFixture.profile]
        process.environment = ProcessInfo.processInfo.environment.merging(["CERTKEEPER_CA_BUNDLE": fixture.idp.tlsCertificatePath]) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait (bounded) until a page is staged, then kill -9.
        let inventory = fixture.home.file("inventory.sqlite")
        var staged = false
        for _ in 0..<300 where !staged {
            let output = try IndependentTools.python(
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(\"SELECT count(*) FROM directory_syncs WHERE state='running' AND pages>0\").fetchone()[0])",
                [inventory]
            )
            staged = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
            if !staged { Thread.sleep(forTimeInterval: 0.05) }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(staged, "the sync staged a page before it was killed")
        #expect(try fixture.listed().count == before)
        let resumed = try fixture.sync()
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.stdout.contains("1 credentials added"), "\(resumed.stdout)")
        #expect(try fixture.listed().count == before + 1)
    }
}
