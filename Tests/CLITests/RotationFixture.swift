import Foundation
import TestSupport
import Testing

/// A profile whose certificate is registered with a running `certkeeper-idp` over https (its
/// certificate trusted through SSL_CERT_FILE, as a user would): the setting of every
/// rotation test. The first certificate is made by `openssl pkcs12 -export`, not by
/// certkeeper, and its password reaches certkeeper only through `env:ROTATION_PFX_PASSWORD`.
final class RotationFixture: @unchecked Sendable {
    static let password = "rotation pa55+word"
    static let profile = "payroll"

    let files: TokenFiles
    let idp: IdPEmulator
    let home: TemporaryDirectory
    let firstCertificate: String
    let firstPFX: String
    /// The inventory every run uses (CERTKEEPER_STORE), nil for the home's own SQLite file.
    let store: String?

    init(serveArguments: [String] = [], profileArguments: [String] = [], vaults: [String: [String]] = [:], store: String? = nil) throws {
        self.store = store
        files = try TokenFiles()
        firstPFX = try files.pfx("app", password: Self.password)
        firstCertificate = files.directory.file("app.cert.pem")
        idp = try IdPEmulator(certificates: [firstCertificate], serveArguments: serveArguments, tls: true, vaults: vaults)
        home = try TemporaryDirectory("certkeeper-rotation-home")
        let created = try run(
            [
                "profile", "create", "--name", Self.profile, "--tenant", IdPEmulator.tenant, "--client-id", IdPEmulator.clientID,
                "--cert", firstPFX, "--password-ref", "env:ROTATION_PFX_PASSWORD", "--authority-host", idp.baseURL,
                "--app-object-id", IdPEmulator.objectID, "--graph-endpoint", idp.baseURL,
            ] + profileArguments)
        guard created.status == 0 else { throw TestSupportError("profile create failed: \(created)") }
    }

    /// Runs certkeeper with this fixture's home, the PFX password and the emulator's
    /// certificate as SSL_CERT_FILE in the environment (the machine's proxy and trust
    /// variables cleared).
    @discardableResult
    func run(_ arguments: [String], environment: [String: String?] = [:], currentDirectory: String? = nil) throws -> ProcessOutput {
        try Binaries.runCertkeeper(["--home", home.path] + arguments, environment: self.environment(environment), currentDirectory: currentDirectory)
    }

    /// The environment `run` gives certkeeper (for tools such as strace that start it).
    func environment(_ changes: [String: String?] = [:]) -> [String: String?] {
        var base: [String: String?] = Dictionary(uniqueKeysWithValues: TokenCLI.networkVariables.map { ($0, nil) })
        base["ROTATION_PFX_PASSWORD"] = Self.password
        base["CERTKEEPER_FAULT_INJECTION"] = .some(nil)
        base["SSL_CERT_FILE"] = idp.tlsCertificatePath
        base["CERTKEEPER_STORE"] = .some(store)
        return base.merging(changes) { _, new in new }
    }

    /// `rotate start -p payroll … --yes`.
    @discardableResult
    func start(_ arguments: [String], environment: [String: String?] = [:]) throws -> ProcessOutput {
        try run(["rotate", "start", "-p", Self.profile, "--yes"] + arguments, environment: environment)
    }

    /// A fresh token for the profile (never the cache): proves its certificate works now.
    func tokenWorks() throws -> Bool {
        try run(["token", "get", "-p", Self.profile, "--no-cache"]).status == 0
    }

    /// The rotation status as JSON.
    func status() throws -> [String: Any] {
        let output = try run(["rotate", "status", "-p", Self.profile, "--format", "json"])
        guard output.status == 0,
            let list = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]],
            let first = list.first
        else { throw TestSupportError("rotate status failed: \(output)") }
        return first
    }

    /// How many rotations the inventory records (`rotate list --format json`).
    func rotationCount() throws -> Int {
        let output = try run(["rotate", "list", "--format", "json"])
        guard output.status == 0, let list = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [Any] else {
            throw TestSupportError("rotate list failed: \(output)")
        }
        return list.count
    }

    /// SHA-1 thumbprints of the certificates the emulator's application holds.
    func registeredThumbprints() throws -> Set<String> {
        let output = try ProcessRunner.run(IdPEmulator.binary, ["app", "list", "--state", idp.directory.file("state.sqlite"), "--format", "json"])
        guard output.status == 0 else { throw TestSupportError("app list failed: \(output)") }
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
        var found: Set<String> = []
        Self.collectThumbprints(object, into: &found)
        return found
    }

    /// The SHA-1 of the certificate the profile uses, from `inventory list --format json`.
    func profileThumbprint() throws -> String? {
        let output = try run(["inventory", "list", "--format", "json"])
        guard output.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
            let list = object["certificates"] as? [[String: Any]]
        else {
            throw TestSupportError("inventory list failed: \(output)")
        }
        return list.first { (($0["profiles"] as? [String]) ?? []).contains(Self.profile) }?["sha1_thumbprint"] as? String
    }

    func firstThumbprint() throws -> String { try IndependentTools.opensslFingerprint(of: firstCertificate, digest: "sha1") }

    func registerWithEmulator(_ certificatePath: String) throws {
        let added = try ProcessRunner.run(
            IdPEmulator.binary,
            [
                "app", "add-cert", "--state", idp.directory.file("state.sqlite"), "--app", IdPEmulator.objectID, "--cert", certificatePath,
            ])
        guard added.status == 0 else { throw TestSupportError("app add-cert failed: \(added)") }
    }

    func removeFromEmulator(_ sha1: String) throws {
        let removed = try ProcessRunner.run(
            IdPEmulator.binary,
            [
                "app", "remove-cert", "--state", idp.directory.file("state.sqlite"), "--app", IdPEmulator.objectID, "--key", sha1,
            ])
        guard removed.status == 0 else { throw TestSupportError("app remove-cert failed: \(removed)") }
    }

    private static func collectThumbprints(_ value: Any, into found: inout Set<String>) {
        if let dictionary = value as? [String: Any] {
            for (key, inner) in dictionary {
                if key.lowercased().contains("sha1"), let text = inner as? String { found.insert(text.uppercased()) }
                collectThumbprints(inner, into: &found)
            }
        } else if let array = value as? [Any] {
            for inner in array { collectThumbprints(inner, into: &found) }
        }
    }
}
