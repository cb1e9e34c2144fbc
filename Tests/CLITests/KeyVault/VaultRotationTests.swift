import Foundation
import TestSupport
import Testing

/// Rotations with Key Vault deploy targets against `certkeeper-idp`'s emulated vaults: the
/// new certificate must be the vault's current version (read back by x5t) before the profile
/// is promoted. The emulator's own view (`vault show`) is the independent check.
@Suite("rotate with Key Vault targets", .serialized)
struct VaultRotationTests {
    static let officer = ["Certificates Officer"]

    private func target(_ fixture: RotationFixture, vault: String = "kv-app", name: String = "payroll-cert") throws -> String {
        let url = try #require(fixture.idp.vaultURLs[vault])
        return "keyvault:\(url)/certificates/\(name)"
    }

    @Test func rotationLandsTheNewCertificateInTheVaultBeforePromotion() throws {
        let fixture = try RotationFixture(vaults: ["kv-app": Self.officer])
        let target = try target(fixture)
        let run = try fixture.start(["--register", "graph", "--overlap", "0", "--deploy-target", target])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("read back"), "\(run)")
        let status = try fixture.status()
        #expect(status["state"] as? String == "completed")
        let new = try #require(status["new_sha1_thumbprint"] as? String)
        let versions = try fixture.idp.vaultVersions(vault: "kv-app", certificate: "payroll-cert")
        #expect(versions.map(\.sha1) == [new])
        let recorded = try #require((status["vault_versions"] as? [[String: Any]])?.first)
        #expect(recorded["version"] as? String == versions.last?.version)
        #expect(recorded["target"] as? String == target)

        // history orders the vault import before the promotion.
        let history = try fixture.run(["history", "-p", RotationFixture.profile, "--format", "json"])
        let actions = try Self.actions(history.stdout)
        let imported = try #require(actions.firstIndex(of: "rotation.vault_deployed"))
        let promoted = try #require(actions.firstIndex(of: "rotation.promoted"))
        #expect(imported < promoted)
        let text = try fixture.run(["rotate", "status", "-p", RotationFixture.profile])
        #expect(text.stdout.contains(versions.last?.version ?? "?"))
    }

    @Test func aCrashAfterTheImportResumesWithoutImportingTwice() throws {
        let fixture = try RotationFixture(vaults: ["kv-app": Self.officer])
        // The target comes from the profile this time (rotate start uses the profile's).
        let edited = try fixture.run(["profile", "edit", "-p", RotationFixture.profile, "--deploy-target", try target(fixture)])
        #expect(edited.status == 0, "\(edited)")
        let crashed = try fixture.start(
            ["--register", "graph", "--overlap", "0"],
            environment: ["CERTKEEPER_FAULT_INJECTION": "after-vault-import"]
        )
        #expect(crashed.status != 0)
        #expect(try fixture.status()["state"] as? String == "verified")
        #expect(try fixture.idp.vaultVersions(vault: "kv-app", certificate: "payroll-cert").count == 1)
        let resumed = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.stderr.contains("not imported again"), "\(resumed)")
        let versions = try fixture.idp.vaultVersions(vault: "kv-app", certificate: "payroll-cert")
        #expect(versions.count == 1)
        #expect(try fixture.status()["state"] as? String == "completed")
        #expect(versions.first?.sha1 == (try fixture.status()["new_sha1_thumbprint"] as? String))
    }

    @Test func withoutAVaultRoleNothingIsPromotedAndTheRoleIsNamed() throws {
        let fixture = try RotationFixture(vaults: ["kv-app": []])
        let old = try fixture.firstThumbprint()
        let run = try fixture.start(["--register", "graph", "--overlap", "0", "--deploy-target", try target(fixture)])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("Key Vault Certificates Officer"), "\(run)")
        #expect(run.stderr.split(separator: "\n").filter { $0.contains("error") }.count <= 2)
        let status = try fixture.status()
        #expect(status["state"] as? String == "verified")
        #expect((status["last_error"] as? String)?.contains("ForbiddenByRbac") == true)
        #expect(try fixture.profileThumbprint() == old)
        #expect(try fixture.tokenWorks())
    }

    @Test func rollbackAfterPromotionImportsTheOldCertificateAsTheNewestVersion() throws {
        let fixture = try RotationFixture(vaults: ["kv-app": Self.officer])
        let old = try fixture.firstThumbprint()
        let started = try fixture.start(["--register", "graph", "--overlap", "24h", "--deploy-target", try target(fixture)])
        #expect(started.status == 0, "\(started)")
        #expect(try fixture.status()["state"] as? String == "promoted")
        let new = try #require(try fixture.status()["new_sha1_thumbprint"] as? String)
        let rolledBack = try fixture.run(["rotate", "rollback", "-p", RotationFixture.profile])
        #expect(rolledBack.status == 0, "\(rolledBack)")
        let versions = try fixture.idp.vaultVersions(vault: "kv-app", certificate: "payroll-cert")
        #expect(versions.map(\.sha1) == [new, old])
        #expect(versions.filter { !$0.enabled }.isEmpty)
        #expect(try fixture.profileThumbprint() == old)
        let recorded = try fixture.status()["vault_versions"] as? [[String: Any]]
        #expect(recorded?.last?["restored"] as? Bool == true)
        #expect(recorded?.last?["version"] as? String == versions.last?.version)
    }

    @Test func rollbackToAnEarlierRevisionMakesItsCertificateTheVaultsNewestVersion() throws {
        let fixture = try RotationFixture(vaults: ["kv-app": Self.officer])
        let old = try fixture.firstThumbprint()
        let started = try fixture.start(["--register", "graph", "--overlap", "0", "--deploy-target", try target(fixture)])
        #expect(started.status == 0, "\(started)")
        let new = try #require(try fixture.status()["new_sha1_thumbprint"] as? String)
        #expect(try fixture.idp.vaultVersions(vault: "kv-app", certificate: "payroll-cert").map(\.sha1) == [new])
        // The completed rotation removed the first certificate from the app; an operator who
        // registers it again may return to it.
        try fixture.registerWithEmulator(fixture.firstCertificate)
        let rolledBack = try fixture.run(["rotate", "rollback", "-p", RotationFixture.profile, "--to", "0"])
        #expect(rolledBack.status == 0, "\(rolledBack)")
        let versions = try fixture.idp.vaultVersions(vault: "kv-app", certificate: "payroll-cert")
        #expect(versions.map(\.sha1) == [new, old])
        #expect(try fixture.profileThumbprint() == old)
        let history = try fixture.run(["history", "-p", RotationFixture.profile, "--format", "json"])
        let actions = try Self.actions(history.stdout)
        let restored = try #require(actions.lastIndex(of: "rotation.vault_restored"))
        let repointed = try #require(actions.lastIndex(of: "profile.rolled_back"))
        #expect(restored < repointed, "the vault goes back before the profile: \(actions)")
        // Nothing left to restore: a second rollback to 0 is refused and imports nothing.
        #expect(try fixture.run(["rotate", "rollback", "-p", RotationFixture.profile, "--to", "0"]).status != 0)
        #expect(try fixture.idp.vaultVersions(vault: "kv-app", certificate: "payroll-cert").count == 2)
    }

    @Test func badTargetsAreUsageErrorsAndChangeNothing() throws {
        let fixture = try RotationFixture()
        for bad in [
            "keyvault:http://kv.example.com/certificates/app", "keyvault:https://kv.vault.azure.net/certificates/bad_name!",
            "keyvault:https://kv.vault.azure.net/secrets/app", "keyvault:not a url",
        ] {
            let run = try fixture.start(["--register", "graph", "--deploy-target", bad])
            #expect(run.status == 64, "\(bad): \(run)")
            #expect(run.stderr.split(separator: "\n").count <= 3, "\(run)")
        }
        #expect(try fixture.rotationCount() == 0)
    }

    static func actions(_ json: String) throws -> [String] {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let events = object["events"] as? [[String: Any]]
        else { throw TestSupportError("not a history listing: \(json)") }
        return events.compactMap { $0["action"] as? String }
    }
}
