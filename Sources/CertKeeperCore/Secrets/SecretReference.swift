import CertKeeperBase
import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

/// Where a password comes from. Only the reference is ever stored (`env:NAME`, `file:PATH`,
/// `keyring:NAME`, `keyvault:…/secrets/NAME`, `prompt`); the value is read when needed and
/// held as a `Secret`.
public enum SecretReference: Sendable, Hashable, CustomStringConvertible {
    case environment(String)
    case file(String)
    /// A "user" key in the Linux kernel keyring.
    case keyring(String)
    /// A Key Vault secret (read with a vault token: `resolve(…vault:)`).
    case keyVault(KeyVaultReference)
    case prompt

    /// Parses `env:NAME`, `file:PATH`, `keyring:NAME`, `keyvault:URL` or `prompt`. NAME must
    /// be a portable name and PATH free of control characters: references are written into
    /// shell and Terraform exports, and shown on terminals.
    public init(parsing text: String) throws(CoreError) {
        if let problem = PasswordReferenceSyntax.problem(in: text) {
            let shown = PasswordReferenceSyntax.hasControlCharacters(text) ? "" : " \"\(Self.redacted(text))\""
            throw CoreError(.invalidInput, "password reference\(shown) refused: \(problem)")
        }
        if text == "prompt" {
            self = .prompt
        } else if text.hasPrefix("env:") {
            self = .environment(String(text.dropFirst(4)))
        } else if text.hasPrefix("keyring:") {
            self = .keyring(String(text.dropFirst(8)))
        } else if text.hasPrefix("keyvault:") {
            do { self = .keyVault(try KeyVaultReference(parsing: text, expecting: .secrets)) } catch {
                throw CoreError(.invalidInput, "password reference refused: \(error.description)")
            }
        } else {
            self = .file(String(text.dropFirst(5)))
        }
    }

    /// The stored form; contains no secret.
    public var description: String {
        switch self {
        case .environment(let name): "env:\(name)"
        case .file(let path): "file:\(path)"
        case .keyring(let name): "keyring:\(name)"
        case .keyVault(let reference): reference.description
        case .prompt: "prompt"
        }
    }

    /// Like `resolve`, and a `keyvault:` reference is read with `vault`'s access (nil: the
    /// command has no vault profile, which the error says).
    public func resolve(
        purpose: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        terminal: any PasswordPrompter = TerminalPasswordPrompter(), vault: ((KeyVaultReference) throws(CoreError) -> VaultAccess)?
    ) async throws(CoreError) -> Secret {
        guard case .keyVault(let reference) = self, let vault else {
            return try resolve(purpose: purpose, environment: environment, terminal: terminal)
        }
        let client = try vault(reference).client(for: reference.vault)
        do {
            let secret = try await client.secret(name: reference.name, version: reference.version)
            return Secret(secret.value)
        } catch {
            throw CoreError(.secretUnavailable, "\(reference) (the password for \(purpose)): \(error.description)")
        }
    }

    /// Reads the secret. `prompt` asks on the terminal with echo off, and fails when there is
    /// no terminal (a pipeline must use env: or file:).
    public func resolve(
        purpose: String,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        terminal: any PasswordPrompter = TerminalPasswordPrompter()
    ) throws(CoreError) -> Secret {
        switch self {
        case .environment(let name):
            guard let value = environment[name] else {
                throw CoreError(.secretUnavailable, "environment variable \(name) is not set: it should hold the password for \(purpose)")
            }
            return Secret(value)
        case .file(let path):
            return try Self.readSecretFile(path, purpose: purpose)
        case .keyring(let name):
            return try KernelKeyring.read(name, purpose: purpose)
        case .keyVault(let reference):
            throw CoreError(
                .secretUnavailable,
                "\(reference) (the password for \(purpose)) is read from Key Vault, which only token get -p NAME --vault-profile V does: use env:, file: or keyring: here"
            )
        case .prompt:
            return try terminal.askPassword(prompt: "Password for \(purpose): ")
        }
    }

    private static func readSecretFile(_ path: String, purpose: String) throws(CoreError) -> Secret {
        var status = stat()
        guard stat(path, &status) == 0 else { throw CoreError(FileReader.error(errno: errno, path: path, action: "read")) }
        // A FIFO would block, a device or a /proc file (size 0) reads garbage or fails oddly.
        guard (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else {
            throw CoreError(
                .invalidInput,
                "password file \(path) is \((status.st_mode & S_IFMT) == S_IFREG ? "empty (or a /proc or /sys file)" : "not a regular file (a FIFO, device or directory)"): put the password in a regular file with mode 0600, or use env:NAME"
            )
        }
        guard status.st_mode & 0o077 == 0 else {
            throw CoreError(
                .insecurePermissions,
                "password file \(path) is readable by group or others (mode \(String(status.st_mode & 0o777, radix: 8))): run chmod 600 \(path)"
            )
        }
        var bytes = try CoreError.lifting(try FileReader.read(path))
        // Files written by `echo` end in a newline that is not part of the password.
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        let secret = Secret(bytes: bytes)
        bytes.withUnsafeMutableBytes { buffer in
            for index in buffer.indices { buffer[index] = 0 }
        }
        return secret
    }

    /// Shows a reference in an error without ever echoing what might be a pasted password.
    private static func redacted(_ text: String) -> String {
        text.count > 4 && !text.contains(":") ? "…" : text
    }
}
