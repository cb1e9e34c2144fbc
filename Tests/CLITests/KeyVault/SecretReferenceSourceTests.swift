import Foundation
import TestSupport
import Testing

/// Password references that live outside certkeeper: `keyring:NAME` (the Linux kernel
/// keyring, filled by keyutils' keyctl from stdin in a session keyring of its own) and
/// `keyvault:…/secrets/NAME` (an emulated vault). Only the reference reaches the inventory.
@Suite("keyring: and keyvault: password references", .serialized)
struct SecretReferenceSourceTests {
    /// keyctl is installed and the kernel lets this process have a session keyring (docker's
    /// default seccomp profile forbids keyctl).
    static let keyringAvailable: Bool = {
        guard let output = try? ProcessRunner.run("keyctl", ["session", "-", "keyctl", "padd", "user", "certkeeper-probe", "@s"], stdin: Array("x".utf8))
        else { return false }
        return output.status == 0
    }()

    private static func inventoryHolds(_ fixture: RotationFixture, _ text: String) throws -> Bool {
        let bytes = try FileManager.default.contentsOf(directory: fixture.home.path)
        return bytes.range(of: Data(text.utf8)) != nil
    }

    @Test(.enabled(if: keyringAvailable, "keyctl (keyutils) is missing or the kernel denies keyrings here; scripts/ensure-deps.sh --test installs keyutils"))
    func aKeyringReferenceOpensTheProfilesPFX() throws {
        let fixture = try RotationFixture()
        let edited = try fixture.run(["profile", "edit", "-p", RotationFixture.profile, "--password-ref", "keyring:certkeeper-test/pfx"])
        #expect(edited.status == 0, "\(edited)")
        let passwordFile = try fixture.files.directory.write(RotationFixture.password, to: "pw.txt", mode: 0o600)

        // Not in any keyring yet: one line that says how to add it.
        let missing = try fixture.run(["token", "get", "-p", RotationFixture.profile, "--no-cache"])
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stderr.contains("keyctl padd user certkeeper-test/pfx"), "\(missing)")

        // keyctl reads the password from stdin (never argv) into a fresh session keyring, and
        // certkeeper runs inside that session.
        let script = #"keyctl padd user certkeeper-test/pfx @s < "$0" > /dev/null && exec "$1" --home "$2" token get -p payroll --no-cache"#
        let environment = ProcessRunner.environment(fixture.environment(["NO_COLOR": "1"]))
        let got = try ProcessRunner.run(
            "keyctl", ["session", "-", "sh", "-c", script, passwordFile, Binaries.certkeeper, fixture.home.path], environment: environment)
        #expect(got.status == 0, "\(got)")
        #expect(got.stdout.split(separator: ".").count == 3, "a JWT: \(got.stdout)")

        let shown = try fixture.run(["profile", "export", "-p", RotationFixture.profile, "--format", "json"])
        #expect(shown.stdout.contains("keyring:certkeeper-test/pfx"), "\(shown)")
        #expect(!(try Self.inventoryHolds(fixture, RotationFixture.password)))
    }

    @Test func aKeyVaultReferenceIsReadWithTheVaultProfile() throws {
        let fixture = try RotationFixture(vaults: ["kv-app": ["Secrets User"]])
        let vault = try #require(fixture.idp.vaultURLs["kv-app"])
        let passwordFile = try fixture.files.directory.write(RotationFixture.password, to: "pw.txt", mode: 0o600)
        let set = try ProcessRunner.run(
            IdPEmulator.binary,
            [
                "vault", "set-secret", "--state", fixture.idp.directory.file("state.sqlite"), "--vault", "kv-app", "--name", "pfx-password",
                "--value-file", passwordFile,
            ])
        #expect(set.status == 0, "\(set)")
        // A second profile on the same certificate, its password from the environment, reads the vault.
        let reader = try fixture.run(
            [
                "profile", "create", "--name", "reader", "--tenant", IdPEmulator.tenant, "--client-id", IdPEmulator.clientID, "--cert",
                fixture.firstPFX, "--password-ref", "env:ROTATION_PFX_PASSWORD", "--authority-host", fixture.idp.baseURL,
            ])
        #expect(reader.status == 0, "\(reader)")
        let reference = "keyvault:\(vault)/secrets/pfx-password"
        let edited = try fixture.run(["profile", "edit", "-p", RotationFixture.profile, "--password-ref", reference])
        #expect(edited.status == 0, "\(edited)")

        let without = try fixture.run(["token", "get", "-p", RotationFixture.profile, "--no-cache"])
        #expect(without.status == 1, "\(without)")
        #expect(without.stderr.contains("--vault-profile"), "\(without)")
        #expect(without.stderr.split(separator: "\n").count == 1, "\(without)")

        let got = try fixture.run(["token", "get", "-p", RotationFixture.profile, "--vault-profile", "reader", "--no-cache"])
        #expect(got.status == 0, "\(got)")
        #expect(!(try Self.inventoryHolds(fixture, RotationFixture.password)))

        for bad in ["keyvault:\(vault)/certificates/pfx-password", "keyvault:http://kv.example.com/secrets/pw", "keyvault:https://kv.vault.azure.net/secrets/a b"] {
            let refused = try fixture.run(["profile", "edit", "-p", RotationFixture.profile, "--password-ref", bad])
            #expect(refused.status == 64, "\(bad): \(refused)")
            // The error line, then ArgumentParser's usage and help hint.
            #expect(refused.stderr.split(separator: "\n").count <= 3, "\(refused)")
        }
    }
}

extension FileManager {
    /// Every regular file under `directory`, concatenated (to search for a value that must not be there).
    fileprivate func contentsOf(directory: String) throws -> Data {
        var all = Data()
        let walker = enumerator(atPath: directory)
        while let name = walker?.nextObject() as? String {
            let path = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue, let data = contents(atPath: path) { all.append(data) }
        }
        return all
    }
}
