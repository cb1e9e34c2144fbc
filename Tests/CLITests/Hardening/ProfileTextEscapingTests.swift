import Foundation
import TestSupport
import Testing

/// Profile files are attacker controlled: a certificate path or deploy hook holding ESC,
/// newlines and forged CI commands is shown escaped by `profile list` (table), `profile
/// show` and the warnings about it, never as a raw control character or a `::error` line.
@Suite("hostile text in profile output")
struct ProfileTextEscapingTests {
    static let hostilePath = "/x/e\u{1b}[31m\n::error::pwn\r\n##vso[task.complete]\u{9b}2J.pfx"
    static let hostileHook = "echo deployed\n::error::hook\n##vso[task.complete]\u{1b}"

    @Test func profileListAndShowEscapeImportedPathsAndHooks() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let document: [String: Any] = [
            "schema": "certkeeper.profiles/v1",
            "profiles": [
                [
                    "schema": "certkeeper.profile/v1", "name": "hostile", "client_id": "11111111-2222-3333-4444-555555555555",
                    "tenant_id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "certificate_path": Self.hostilePath,
                    "deploy_hook": "echo deployed\n::error::hook\n##vso[task.complete]",
                ]
            ],
        ]
        let file = try directory.write(Array(try JSONSerialization.data(withJSONObject: document)), to: "profiles.json")
        let imported = try Binaries.runCertkeeper(["--home", home, "profile", "import", file, "--allow-deploy-hooks"])
        #expect(imported.status == 0, "\(imported)")
        HostileTextOutputTests.expectClean(imported.stdout + imported.stderr, "profile import")

        let list = try Binaries.runCertkeeper(["--home", home, "profile", "list"])
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.split(separator: "\n").count == 2, "one header and one row: \(list.stdout)")
        #expect(list.stdout.contains("/x/e\\x1b[31m\\x0a::error::pwn"), "\(list.stdout)")
        HostileTextOutputTests.expectClean(list.stdout, "profile list")
        HostileTextOutputTests.expectClean(list.stderr, "profile list (stderr)")

        let show = try Binaries.runCertkeeper(["--home", home, "profile", "show", "-p", "hostile"])
        #expect(show.status == 0, "\(show)")
        #expect(show.stdout.contains("echo deployed\\x0a::error::hook"), "\(show.stdout)")
        HostileTextOutputTests.expectClean(show.stdout, "profile show")
        HostileTextOutputTests.expectClean(show.stderr.hasSuffix("\n") ? String(show.stderr.dropLast()) : show.stderr, "profile show (stderr)")
    }

    @Test func aHookWithAnEscapeSequenceIsRefusedAtImport() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let document: [String: Any] = [
            "schema": "certkeeper.profile/v1", "name": "hook", "client_id": "11111111-2222-3333-4444-555555555555",
            "tenant_id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "deploy_hook": Self.hostileHook,
        ]
        let file = try directory.write(Array(try JSONSerialization.data(withJSONObject: document)), to: "profile.json")
        let imported = try Binaries.runCertkeeper(["--home", home, "profile", "import", file, "--allow-deploy-hooks"])
        #expect(imported.status != 0, "\(imported)")
        #expect(imported.stderr.contains("control characters"), "\(imported)")
        HostileTextOutputTests.expectClean(String(imported.stderr.dropLast()), "profile import error")
        #expect(try Binaries.runCertkeeper(["--home", home, "profile", "list"]).stdout == "no profiles\n")
    }
}
