import CertKeeperCore
import CertKeeperCrypto
import TestSupport
import Testing

struct NoTerminal: PasswordPrompter {
    func askPassword(prompt: String) throws(CoreError) -> Secret {
        throw CoreError(.secretUnavailable, "no terminal")
    }
}

@Suite("Secret references")
struct SecretReferenceTests {
    @Test func parsesAndPrintsTheStoredForm() throws {
        #expect(try SecretReference(parsing: "env:PFX_PASSWORD") == .environment("PFX_PASSWORD"))
        #expect(try SecretReference(parsing: "file:/run/secrets/pfx") == .file("/run/secrets/pfx"))
        #expect(try SecretReference(parsing: "prompt") == .prompt)
        #expect(SecretReference.environment("X").description == "env:X")
        for bad in ["env:", "file:", "hunter2", "vault:x"] {
            #expect(throws: CoreError(.invalidInput, "")) { try SecretReference(parsing: bad) }
        }
    }

    @Test func errorForAnUnparseableReferenceDoesNotEchoIt() {
        do {
            _ = try SecretReference(parsing: "hunter2-my-password")
            Issue.record("accepted a bare password")
        } catch {
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test func resolvesEnvironmentVariables() throws {
        let secret = try SecretReference.environment("PW").resolve(purpose: "test", environment: ["PW": "s3cret"], terminal: NoTerminal())
        #expect(secret.withUnsafeBytes { Array($0) } == Array("s3cret".utf8))
        #expect(throws: CoreError(.secretUnavailable, "")) {
            try SecretReference.environment("MISSING").resolve(purpose: "test", environment: [:], terminal: NoTerminal())
        }
    }

    @Test func readsPrivateFilesAndRefusesReadableOnes() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("pw-from-file\n", to: "pw", mode: 0o600)
        let secret = try SecretReference.file(good).resolve(purpose: "test", terminal: NoTerminal())
        #expect(secret.withUnsafeBytes { Array($0) } == Array("pw-from-file".utf8))
        let loose = try directory.write("pw\n", to: "loose", mode: 0o644)
        #expect(throws: CoreError(.insecurePermissions, "")) {
            try SecretReference.file(loose).resolve(purpose: "test", terminal: NoTerminal())
        }
    }

    @Test func promptUsesTheTerminal() {
        #expect(throws: CoreError(.secretUnavailable, "")) {
            try SecretReference.prompt.resolve(purpose: "test", terminal: NoTerminal())
        }
    }

    @Test func keyringAndKeyVaultReferencesParseAndPrintTheirStoredForm() throws {
        for text in ["keyring:certkeeper/app", "keyvault:https://kv.vault.azure.net/secrets/pfx-pw", "keyvault:http://127.0.0.1:9443/secrets/pw/0123abcd"] {
            #expect(try SecretReference(parsing: text).description == text)
        }
        for bad in [
            "keyring:", "keyring:a b", "keyring:x\u{1B}[2J", "keyring:" + String(repeating: "k", count: 256),
            "keyvault:https://kv.vault.azure.net/certificates/app", "keyvault:http://kv.example.com/secrets/pw",
            "keyvault:https://kv.vault.azure.net/secrets/a'b", "keyvault:kv.vault.azure.net/secrets/pw",
        ] {
            #expect(throws: CoreError.self, "\(bad)") { try SecretReference(parsing: bad) }
        }
    }

    @Test func aKeyVaultReferenceWithoutVaultAccessSaysWhichCommandReadsIt() throws {
        let reference = try SecretReference(parsing: "keyvault:https://kv.vault.azure.net/secrets/pw")
        do {
            _ = try reference.resolve(purpose: "test", terminal: NoTerminal())
            Issue.record("resolved without a vault")
        } catch {
            #expect(error.code == .secretUnavailable)
            #expect(error.description.contains("--vault-profile"))
        }
    }
}
