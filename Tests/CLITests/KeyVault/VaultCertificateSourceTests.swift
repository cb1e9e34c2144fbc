import Foundation
import TestSupport
import Testing

/// A profile whose certificate lives in Key Vault (`--cert keyvault:…/certificates/NAME` or
/// `…/secrets/NAME`): `token get` reads it from the emulated vault into memory only, with a
/// token of `--vault-profile`'s certificate. The emulator is the independent check: it
/// accepts assertions only from certificates registered on the app.
@Suite("profile certificates in Key Vault", .serialized)
struct VaultCertificateSourceTests {
    static let roles = ["Certificates Officer", "Secrets User"]

    /// The vault holds the rotated certificate (after a rotation with no overlap, the only
    /// one the app still accepts) as kv-app/certificates/payroll-cert; profile `from-vault`
    /// points at it.
    private func vaultProfile() throws -> (fixture: RotationFixture, sha1: String) {
        let fixture = try RotationFixture(vaults: ["kv-app": Self.roles])
        let vault = try #require(fixture.idp.vaultURLs["kv-app"])
        let target = "keyvault:\(vault)/certificates/payroll-cert"
        let rotated = try fixture.start(["--register", "graph", "--overlap", "0", "--deploy-target", target])
        guard rotated.status == 0 else { throw TestSupportError("rotation failed: \(rotated)") }
        let new = try #require(try fixture.status()["new_sha1_thumbprint"] as? String)
        try createProfile(fixture, "from-vault", cert: target)
        return (fixture, new)
    }

    private func createProfile(_ fixture: RotationFixture, _ name: String, cert: String) throws {
        let created = try fixture.run(
            [
                "profile", "create", "--name", name, "--tenant", IdPEmulator.tenant, "--client-id", IdPEmulator.clientID, "--cert", cert,
                "--authority-host", fixture.idp.baseURL,
            ])
        guard created.status == 0 else { throw TestSupportError("profile create failed: \(created)") }
    }

    /// Every file under `path` (SQLite's -wal/-shm companions aside).
    private static func files(under path: String) -> Set<String> {
        var found = Set<String>()
        let walker = FileManager.default.enumerator(atPath: path)
        while let next = walker?.nextObject() as? String {
            if !next.hasSuffix("-wal") && !next.hasSuffix("-shm") { found.insert(next) }
        }
        return found
    }

    private static func errorLines(_ output: ProcessOutput) -> [Substring] {
        output.stderr.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    @Test func tokenGetReadsTheVaultCertificateIntoMemoryOnly() throws {
        let (fixture, new) = try vaultProfile()
        let missing = try fixture.run(["token", "get", "-p", "from-vault", "--no-cache"])
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stderr.contains("--vault-profile"), "\(missing)")
        #expect(Self.errorLines(missing).count == 1, "\(missing)")

        // In an empty working directory and TMPDIR; the home is listed before and after.
        let workingDirectory = try TemporaryDirectory("vault-cwd")
        let temporary = try TemporaryDirectory("vault-tmp")
        let before = Self.files(under: fixture.home.path)
        let got = try fixture.run(
            ["token", "get", "-p", "from-vault", "--vault-profile", RotationFixture.profile, "--no-cache", "--verbose"],
            environment: ["TMPDIR": temporary.path], currentDirectory: workingDirectory.path
        )
        #expect(got.status == 0, "\(got)")
        #expect(got.stdout.split(separator: ".").count == 3, "a JWT: \(got.stdout)")
        #expect(got.stderr.contains("certificate \(new)"), "signed with the vault's certificate: \(got.stderr)")
        #expect(Self.files(under: fixture.home.path) == before)
        #expect(Self.files(under: workingDirectory.path).isEmpty)
        #expect(Self.files(under: temporary.path).isEmpty)
        let shown = try fixture.run(["profile", "show", "-p", "from-vault"])
        #expect(shown.stdout.contains("keyvault:"), "\(shown)")
    }

    @Test(.enabled(if: SyscallTrace.available, "strace is missing or may not trace here (ptrace forbidden); scripts/test.sh installs strace"))
    func noFileIsOpenedForWritingWhileTheVaultCertificateIsRead() throws {
        let (fixture, _) = try vaultProfile()
        let scratch = try TemporaryDirectory("vault-trace")
        let trace = try SyscallTrace.run(
            Binaries.certkeeper,
            ["--home", fixture.home.path, "token", "get", "-p", "from-vault", "--vault-profile", RotationFixture.profile, "--no-cache"],
            environment: fixture.environment(), scratch: scratch
        )
        #expect(trace.output.status == 0, "\(trace.output)")
        let inventory = (fixture.home.path as NSString).appendingPathComponent("inventory.sqlite")
        let allowed: (String) -> Bool = { $0.hasPrefix(inventory) || $0.hasPrefix("/dev/") }
        let writing = trace.calls.filter { call in
            guard call.succeeded else { return false }
            if ["creat", "rename", "renameat", "renameat2", "link", "linkat"].contains(call.name) { return true }
            guard call.name.hasPrefix("open") else { return false }
            return ["O_CREAT", "O_WRONLY", "O_RDWR", "O_TRUNC"].contains { call.arguments.contains($0) }
        }
        // An open's result names the file (`6</path>`); its dirfd argument is only the cwd.
        let unexpected = writing.filter { call in
            guard call.name.hasPrefix("open") else { return true }
            let opened = call.result.split(separator: "<", maxSplits: 1).dropFirst().first.map { String($0.dropLast()) }
            return !allowed(opened ?? "?")
        }
        #expect(unexpected.isEmpty, "\(unexpected)")
    }

    @Test func aPEMSecretWorksAndASecretThatIsNeitherPFXNorPEMIsOneLine() throws {
        let fixture = try RotationFixture(vaults: ["kv-app": Self.roles])
        let vault = try #require(fixture.idp.vaultURLs["kv-app"])
        let state = fixture.idp.directory.file("state.sqlite")
        // The registered certificate and its key as one PEM secret, as Key Vault stores PEM.
        let pem = try fixture.files.directory.write(
            try fixture.files.directory.read("app.cert.pem") + fixture.files.directory.read("app.key.pem"), to: "app.both.pem", mode: 0o600)
        let garbage = try fixture.files.directory.write("just a password, not a certificate", to: "not-pfx.txt", mode: 0o600)
        for (name, file, type) in [("app-pem", pem, "application/x-pem-file"), ("not-pfx", garbage, "text/plain")] {
            let set = try ProcessRunner.run(
                IdPEmulator.binary,
                ["vault", "set-secret", "--state", state, "--vault", "kv-app", "--name", name, "--value-file", file, "--content-type", type])
            #expect(set.status == 0, "\(set)")
        }
        try createProfile(fixture, "pem", cert: "keyvault:\(vault)/secrets/app-pem")
        let token = try fixture.run(["token", "get", "-p", "pem", "--vault-profile", RotationFixture.profile, "--no-cache"])
        #expect(token.status == 0, "\(token)")

        try createProfile(fixture, "broken", cert: "keyvault:\(vault)/secrets/not-pfx")
        let refused = try fixture.run(["token", "get", "-p", "broken", "--vault-profile", RotationFixture.profile, "--no-cache"])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("neither a PFX"), "\(refused)")
        #expect(refused.stderr.contains("text/plain"), "\(refused)")
        #expect(!refused.stderr.contains("just a password"), "the secret's value is never shown: \(refused)")
        #expect(Self.errorLines(refused).count == 1, "\(refused)")
        #expect(try fixture.tokenWorks(), "the vault profile still works")
    }

    @Test func badCertificateReferencesAreRefusedAndChangeNothing() throws {
        let fixture = try RotationFixture()
        for bad in ["keyvault:http://kv.example.com/certificates/app", "keyvault:https://kv.vault.azure.net/certificates/bad_name!"] {
            let created = try fixture.run(
                ["profile", "create", "--name", "bad", "--tenant", IdPEmulator.tenant, "--client-id", IdPEmulator.clientID, "--cert", bad])
            #expect(created.status != 0, "\(bad): \(created)")
            #expect(Self.errorLines(created).count == 1, "\(created)")
        }
        #expect(try fixture.run(["profile", "show", "-p", "bad"]).status != 0)
    }
}
