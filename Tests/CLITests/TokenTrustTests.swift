import Foundation
import TestSupport
import Testing

/// `certkeeper token get` against `certkeeper-idp serve --tls`: every trust source, the
/// precedence between them, and the one-line failures.
@Suite struct TokenTrustTests {
    let files: TokenFiles
    let app: (cert: String, key: String, combined: String)
    let idp: IdPEmulator

    init() throws {
        files = try TokenFiles()
        app = try files.rsa("tls-app")
        idp = try IdPEmulator(certificates: [app.cert], tls: true)
    }

    func tokenGet(_ extra: [String] = [], environment: [String: String] = [:], host: String? = nil) throws -> ProcessOutput {
        try TokenCLI.run(
            [
                "--tenant", IdPEmulator.tenant, "--client-id", IdPEmulator.clientID, "--cert", app.combined,
                "--authority-host", host ?? idp.baseURL, "--no-cache",
            ] + extra, home: try TemporaryDirectory().path, environment: environment)
    }

    /// A CA unrelated to the emulator, made by the openssl CLI.
    func otherCA(_ name: String) throws -> String {
        let directory = try TemporaryDirectory("certkeeper-other-ca")
        try IndependentTools.makeChain(in: directory, caName: name)
        return try files.directory.write(try directory.read("ca.pem"), to: "\(name.replacingOccurrences(of: " ", with: "-")).pem")
    }

    @Test(arguments: ["--ca-bundle", "CERTKEEPER_CA_BUNDLE", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"])
    func eachTrustSourceReachesTheEmulatorOverHTTPS(_ source: String) throws {
        let run =
            source == "--ca-bundle"
            ? try tokenGet(["--ca-bundle", idp.tlsCertificatePath, "--verbose"])
            : try tokenGet(["--verbose"], environment: [source: idp.tlsCertificatePath])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("TLS trust: the system roots ("))
        #expect(run.stderr.contains("and \(source) \(idp.tlsCertificatePath) (1 certificate: CN=certkeeper-idp localhost)"))
        #expect(try idp.requestLog().compactMap { $0["verdict"] as? String } == ["ok"])
        // localhost is in the certificate's SANs too: host name verification by name.
        let byName = try tokenGet(["--ca-bundle", idp.tlsCertificatePath], host: "https://localhost:\(idp.port)")
        #expect(byName.status == 0, "\(byName)")
    }

    @Test func withoutTheBundleTheFailureNamesHostReasonAndWhatWasTrusted() throws {
        let run = try tokenGet()
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run)")
        #expect(run.stderr.contains("TLS: cannot verify the certificate of 127.0.0.1:\(idp.port): self-signed certificate"))
        #expect(run.stderr.contains("trusted: the system roots (/"))
        #expect(run.stderr.contains("--ca-bundle FILE"))
        #expect(try idp.requestLog().isEmpty)
    }

    @Test func aWrongBundleIsNamedWithItsSource() throws {
        let other = try otherCA("Unrelated Root")
        let run = try tokenGet(environment: ["SSL_CERT_FILE": other])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot verify the certificate of 127.0.0.1:\(idp.port)"))
        #expect(run.stderr.contains("and SSL_CERT_FILE \(other) (1 certificate: CN=Unrelated Root)"))
    }

    @Test func theOptionWinsOverTheVariables() throws {
        let other = try otherCA("Option Root")
        let run = try tokenGet(
            ["--ca-bundle", other],
            environment: [
                "CERTKEEPER_CA_BUNDLE": idp.tlsCertificatePath, "SSL_CERT_FILE": idp.tlsCertificatePath,
            ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("--ca-bundle \(other) (1 certificate: CN=Option Root)"))
        let envOrder = try tokenGet(environment: ["CERTKEEPER_CA_BUNDLE": idp.tlsCertificatePath, "SSL_CERT_FILE": other])
        #expect(envOrder.status == 0, "\(envOrder)")
        let sslBeforeRequests = try tokenGet(environment: ["SSL_CERT_FILE": other, "REQUESTS_CA_BUNDLE": idp.tlsCertificatePath])
        #expect(sslBeforeRequests.status == 1)
    }

    @Test func aBundleThatCannotBeUsedIsOneLineAndExit64() throws {
        let garbage = try files.directory.write("this is no certificate\n", to: "garbage.pem")
        for (arguments, environment, named) in [
            (["--ca-bundle", files.directory.file("missing.pem")], [:], "--ca-bundle \(files.directory.file("missing.pem"))"),
            ([], ["CERTKEEPER_CA_BUNDLE": garbage], "CERTKEEPER_CA_BUNDLE \(garbage)"),
            ([], ["REQUESTS_CA_BUNDLE": files.directory.path], "REQUESTS_CA_BUNDLE \(files.directory.path)"),
        ] {
            let run = try tokenGet(arguments, environment: environment)
            #expect(run.status == 64, "\(run)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run)")
            #expect(run.stderr.hasPrefix("Error: CA bundle \(named)"), "\(run)")
        }
        #expect(try idp.requestLog().isEmpty)
    }

    /// Root can read any file: the unreadable case runs certkeeper as nobody.
    @Test func anUnreadableBundleIsExit64ForAnUnprivilegedUser() throws {
        let directory = try TemporaryDirectory("certkeeper-unreadable-bundle")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let bundle = try directory.write(try files.directory.read("tls-app.cert.pem"), to: "private.pem", mode: 0o600)
        let run = try ProcessRunner.run(
            "setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", Binaries.certkeeper, "token", "get",
                "--tenant", IdPEmulator.tenant, "--client-id", IdPEmulator.clientID, "--cert", app.combined,
                "--authority-host", idp.baseURL, "--ca-bundle", bundle,
            ], environment: ProcessRunner.environment(["CERTKEEPER_HOME": directory.file("home"), "NO_COLOR": "1"]))
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr == "Error: CA bundle --ca-bundle \(bundle) cannot be read (permissions?): give a readable PEM file of CA certificates\n")
    }
}
