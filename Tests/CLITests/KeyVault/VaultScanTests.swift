import Foundation
import TestSupport
import Testing

/// `scan --keyvault`: the certificates a rotation put into an emulated vault are reported
/// with the scan's statuses, exit codes and formats; an unreadable vault is one error entry.
@Suite("scan --keyvault", .serialized)
struct VaultScanTests {
    private func entries(_ json: String) throws -> [[String: Any]] {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let list = object["certificates"] as? [[String: Any]]
        else { throw TestSupportError("not a scan report: \(json)") }
        return list
    }

    @Test func scanReadsTheVaultsCurrentVersions() throws {
        let fixture = try RotationFixture(vaults: ["kv-app": ["Certificates Officer"], "kv-denied": []])
        let vault = try #require(fixture.idp.vaultURLs["kv-app"])
        let denied = try #require(fixture.idp.vaultURLs["kv-denied"])
        let rotated = try fixture.start(["--register", "graph", "--overlap", "0", "--deploy-target", "keyvault:\(vault)/certificates/payroll-cert"])
        #expect(rotated.status == 0, "\(rotated)")
        let new = try #require(try fixture.status()["new_sha1_thumbprint"] as? String)

        let scan = ["scan", "--no-inventory", "--keyvault", vault, "--vault-profile", RotationFixture.profile, "--format", "json"]
        let ok = try fixture.run(scan + ["--warn", "7d", "--crit", "1d"])
        #expect(ok.status == 0, "\(ok)")
        let found = try entries(ok.stdout)
        #expect(found.count == 1)
        #expect(found.first?["sha1_thumbprint"] as? String == new)
        #expect(found.first?["sources"] as? [String] == ["keyvault:\(vault)/certificates/payroll-cert"])
        #expect(found.first?["status"] as? String == "ok")

        // The same statuses and exit codes as files: 30 days left is a warning under 60d.
        #expect(try fixture.run(scan + ["--warn", "60d", "--crit", "1d"]).status == 2)

        // A vault the app has no role on is one error entry, fatal only with --fail-on error.
        let both = try fixture.run(scan + ["--keyvault", denied, "--warn", "7d", "--crit", "1d"])
        #expect(both.status == 0, "\(both)")
        let refused = try entries(both.stdout).first { $0["status"] as? String == "error" }
        #expect(refused?["sources"] as? [String] == ["keyvault:\(denied)"])
        #expect((refused?["error"] as? String)?.contains("ForbiddenByRbac") == true)
        #expect(try fixture.run(scan + ["--keyvault", denied, "--warn", "7d", "--crit", "1d", "--fail-on", "error"]).status == 1)

        // inventory import keyvault:URL records the vault as a location of the certificate.
        let imported = try fixture.run(["inventory", "import", "keyvault:\(vault)", "--vault-profile", RotationFixture.profile])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("1 known from 1 vault"), "\(imported)")
        let shown = try fixture.run(["inventory", "show", new])
        #expect(shown.stdout.contains("keyvault:\(vault)/certificates/payroll-cert"), "\(shown)")
    }

    @Test func aThrottlingVaultIsRetriedAfterItsRetryAfter() throws {
        // Every second authenticated vault request is answered 429 Throttled, Retry-After 1.
        let fixture = try RotationFixture(serveArguments: ["--vault-throttle-every", "2"], vaults: ["kv-app": ["Certificates Officer"]])
        let vault = try #require(fixture.idp.vaultURLs["kv-app"])
        let rotated = try fixture.start(["--register", "graph", "--overlap", "0", "--deploy-target", "keyvault:\(vault)/certificates/payroll-cert"])
        #expect(rotated.status == 0, "\(rotated)")
        let new = try #require(try fixture.status()["new_sha1_thumbprint"] as? String)
        #expect(try fixture.idp.vaultVersions(vault: "kv-app", certificate: "payroll-cert").map(\.sha1) == [new], "imported once despite the 429s")
        let scan = try fixture.run(
            ["scan", "--no-inventory", "--keyvault", vault, "--vault-profile", RotationFixture.profile, "--format", "json", "--warn", "7d", "--crit", "1d"])
        #expect(scan.status == 0, "\(scan)")
        #expect(try entries(scan.stdout).first?["sha1_thumbprint"] as? String == new)
        let log = String(decoding: FileManager.default.contents(atPath: fixture.idp.directory.file("requests.log")) ?? Data(), as: UTF8.self)
        let throttled = log.split(separator: "\n").filter { $0.contains("Throttled") }
        #expect(throttled.count >= 2, "the emulator throttled: \(log)")
    }

    @Test func vaultOptionsAreCheckedBeforeAnythingRuns() throws {
        let fixture = try RotationFixture()
        let noProfile = try fixture.run(["scan", "--no-inventory", "--keyvault", "https://kv.vault.azure.net"])
        #expect(noProfile.status == 64, "\(noProfile)")
        #expect(noProfile.stderr.contains("--vault-profile"))
        let plain = try fixture.run(["scan", "--no-inventory", "--keyvault", "http://kv.example.com", "--vault-profile", RotationFixture.profile])
        #expect(plain.status == 64, "\(plain)")
        #expect(plain.stderr.contains("plain http"))
    }
}
