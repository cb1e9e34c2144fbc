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
}
