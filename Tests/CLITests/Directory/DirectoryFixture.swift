import Foundation
import TestSupport
import Testing

/// A home with a profile whose app holds Application.Read.All in a running `certkeeper-idp`
/// (https, its certificate trusted through CERTKEEPER_CA_BUNDLE) seeded with `apps` app
/// registrations.
final class DirectoryFixture: @unchecked Sendable {
    static let profile = "reader"

    let files: TokenFiles
    let idp: IdPEmulator
    let home: TemporaryDirectory
    let certificate: String
    let combined: String

    init(apps: Int, roles: [String] = ["Application.Read.All"], serveArguments: [String] = []) throws {
        files = try TokenFiles()
        (certificate, _, combined) = try files.rsa("reader")
        idp = try IdPEmulator(certificates: [certificate], serveArguments: serveArguments, tls: true, roles: roles)
        home = try TemporaryDirectory("certkeeper-directory-home")
        if apps > 0 { try idpAdmin(["directory", "seed", "--tenant", IdPEmulator.tenant, "--apps", String(apps), "--seed", "11"]) }
        let created = try run([
            "profile", "create", "--name", Self.profile, "--tenant", IdPEmulator.tenant, "--client-id", IdPEmulator.clientID,
            "--cert", combined, "--authority-host", idp.baseURL, "--graph-endpoint", idp.baseURL,
        ])
        guard created.status == 0 else { throw TestSupportError("profile create failed: \(created)") }
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> ProcessOutput {
        try Binaries.runCertkeeper(["--home", home.path] + arguments, environment: ["CERTKEEPER_CA_BUNDLE": idp.tlsCertificatePath])
    }

    @discardableResult
    func idpAdmin(_ arguments: [String]) throws -> ProcessOutput {
        let output = try ProcessRunner.run(IdPEmulator.binary, arguments + ["--state", idp.directory.file("state.sqlite")])
        guard output.status == 0 else { throw TestSupportError("certkeeper-idp \(arguments) failed: \(output)") }
        return output
    }

    func sync() throws -> ProcessOutput { try run(["directory", "sync", "-p", Self.profile]) }

    /// `directory list --format json`'s credentials.
    func listed() throws -> [[String: Any]] {
        let output = try run(["directory", "list", "--format", "json"])
        guard output.status == 0, let document = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
            let credentials = document["credentials"] as? [[String: Any]]
        else {
            throw TestSupportError("directory list failed: \(output)")
        }
        return credentials
    }
}
