import Foundation
import TestSupport
import Testing

/// Profiles with renewal policies, each with its own application in a running
/// `certkeeper-idp` over https (so "exactly one key left" is checked per profile), and a
/// second emulator whose new keys replicate only after a minute (a verification that fails).
/// certkeeper trusts the emulators' TLS certificates through CERTKEEPER_CA_BUNDLE only.
/// Certificates are made by independent tools: Python `cryptography` backdates the due ones
/// (25 of their 30 days elapsed: past the default 66%), `openssl` makes fresh ones.
final class RenewalFixture: @unchecked Sendable {
    static let password = "renewal pa55+word"

    struct App {
        let idp: IdPEmulator
        let clientID: String
        let objectID: String
        let firstCertificate: String
    }

    let directory: TemporaryDirectory
    let home: TemporaryDirectory
    let idp: IdPEmulator
    private(set) var slowIdP: IdPEmulator?
    private(set) var apps: [String: App] = [:]

    init() throws {
        directory = try TemporaryDirectory("certkeeper-renewal-files")
        home = try TemporaryDirectory("certkeeper-renewal-home")
        idp = try IdPEmulator(certificates: [], tls: true)
        try writeTrustBundle()
    }

    /// Both emulators' TLS certificates in one PEM bundle.
    var trustBundle: String { directory.file("emulators-tls.pem") }

    private func writeTrustBundle() throws {
        var bytes: [UInt8] = []
        for emulator in [idp] + (slowIdP.map { [$0] } ?? []) {
            bytes += try Fixtures.bytesAt(emulator.tlsCertificatePath)
        }
        _ = try directory.write(bytes, to: "emulators-tls.pem")
    }

    /// The emulator that makes added keys usable only after 60 s.
    func slow() throws -> IdPEmulator {
        if let slowIdP { return slowIdP }
        let made = try IdPEmulator(certificates: [], serveArguments: ["--replication-delay", "60s"], tls: true)
        slowIdP = made
        try writeTrustBundle()
        return made
    }

    /// A profile whose certificate is registered with its own application in `idp`.
    func addProfile(
        _ name: String, due: Bool, register: String = "graph", on emulator: IdPEmulator? = nil,
        subject: String? = nil, extra: [String] = []
    ) throws {
        let emulator = emulator ?? idp
        let index = apps.count + 10
        let (cert, key) =
            due
            ? try backdated(name, subject: subject ?? name)
            : try fresh(name)
        let pfx = directory.file("\(name).pfx")
        let exported = try IndependentTools.openssl(
            ["pkcs12", "-export", "-in", cert, "-inkey", key, "-out", pfx, "-passout", "env:PW"], environment: ["PW": Self.password]
        )
        guard exported.status == 0 else { throw TestSupportError("pkcs12 -export failed: \(exported)") }
        let clientID = String(format: "aaaaaaaa-1111-4000-8000-%012d", index)
        let objectID = String(format: "bbbbbbbb-2222-4000-8000-%012d", index)
        let created = try ProcessRunner.run(
            IdPEmulator.binary,
            [
                "app", "create", "--state", emulator.directory.file("state.sqlite"), "--tenant", IdPEmulator.tenant,
                "--client-id", clientID, "--object-id", objectID, "--display-name", "renewal \(name)", "--cert", cert,
            ])
        guard created.status == 0 else { throw TestSupportError("app create failed: \(created)") }
        apps[name] = App(idp: emulator, clientID: clientID, objectID: objectID, firstCertificate: cert)
        let profile = try run(
            [
                "profile", "create", "--name", name, "--tenant", IdPEmulator.tenant, "--client-id", clientID,
                "--cert", pfx, "--password-ref", "env:RENEWAL_PFX_PASSWORD", "--authority-host", emulator.baseURL,
                "--app-object-id", objectID, "--graph-endpoint", emulator.baseURL,
                "--renew-register", register, "--renew-overlap", "0",
            ] + extra)
        guard profile.status == 0 else { throw TestSupportError("profile create failed: \(profile)") }
    }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> ProcessOutput {
        try Binaries.runCertkeeper(
            ["--home", home.path] + arguments,
            environment: [
                "RENEWAL_PFX_PASSWORD": Self.password, "CERTKEEPER_FAULT_INJECTION": nil, "CERTKEEPER_CA_BUNDLE": trustBundle,
                "SSL_CERT_FILE": nil, "REQUESTS_CA_BUNDLE": nil, "HTTPS_PROXY": nil, "https_proxy": nil,
            ].merging(environment) { _, new in new }
        )
    }

    /// SHA-1 thumbprints of the keys the profile's application holds in its emulator.
    func registered(_ name: String) throws -> Set<String> {
        let app = try #require(apps[name])
        let output = try ProcessRunner.run(IdPEmulator.binary, ["app", "list", "--state", app.idp.directory.file("state.sqlite"), "--format", "json"])
        guard output.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
            let list = object["applications"] as? [[String: Any]],
            let entry = list.first(where: { $0["objectId"] as? String == app.objectID }),
            let keys = entry["keys"] as? [[String: Any]]
        else { throw TestSupportError("app list failed: \(output)") }
        return Set(keys.compactMap { $0["sha1Thumbprint"] as? String })
    }

    /// What an operator does in the portal: add the certificate to the profile's application.
    func upload(_ name: String, certificate: String) throws {
        let app = try #require(apps[name])
        let added = try ProcessRunner.run(
            IdPEmulator.binary,
            [
                "app", "add-cert", "--state", app.idp.directory.file("state.sqlite"), "--app", app.objectID, "--cert", certificate,
            ])
        guard added.status == 0 else { throw TestSupportError("app add-cert failed: \(added)") }
    }

    func firstThumbprint(_ name: String) throws -> String {
        try IndependentTools.opensslFingerprint(of: try #require(apps[name]).firstCertificate, digest: "sha1")
    }

    /// The SHA-1 of the certificate the profile uses now.
    func profileThumbprint(_ name: String) throws -> String? {
        let shown = try run(["profile", "show", "-p", name, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        return (object?["certificate"] as? [String: Any])?["sha1_thumbprint"] as? String
    }

    func tokenWorks(_ name: String) throws -> Bool {
        try run(["token", "get", "-p", name, "--no-cache"]).status == 0
    }

    /// The profile's rotations (`rotate list -p NAME --format json`).
    func rotations(_ name: String) throws -> [[String: Any]] {
        let output = try run(["rotate", "list", "-p", name, "--format", "json"])
        guard output.status == 0, let list = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]] else {
            throw TestSupportError("rotate list failed: \(output)")
        }
        return list
    }

    /// The actions of the profile's history, oldest first.
    func actions(_ name: String) throws -> [String] {
        let output = try run(["history", "-p", name, "--format", "json"])
        guard output.status == 0, let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
            let events = object["events"] as? [[String: Any]]
        else { throw TestSupportError("history failed: \(output)") }
        return events.compactMap { $0["action"] as? String }
    }

    /// Everything a run could change: rotations, history, the inventory, every application's
    /// keys and the managed key files.
    func snapshot() throws -> String {
        var parts = [
            try run(["rotate", "list", "--format", "json"]).stdout,
            try run(["history", "--format", "json"]).stdout,
            try run(["inventory", "list", "--format", "json"]).stdout,
        ]
        for name in apps.keys.sorted() { parts.append("\(name): \(try registered(name).sorted())") }
        let keys = home.file("keys")
        let files = FileManager.default.enumerator(atPath: keys)?.allObjects.compactMap { $0 as? String }.sorted() ?? []
        parts.append(files.joined(separator: ","))
        return parts.joined(separator: "\n---\n")
    }

    /// `rotate due` JSON report, parsed.
    static func report(_ output: ProcessOutput) throws -> (outcomes: [String: String], profiles: [String: [String: Any]]) {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output)")
        let list = try #require(object["profiles"] as? [[String: Any]])
        var outcomes: [String: String] = [:]
        var profiles: [String: [String: Any]] = [:]
        for entry in list {
            let name = try #require(entry["profile"] as? String)
            outcomes[name] = entry["outcome"] as? String
            profiles[name] = entry
        }
        return (outcomes, profiles)
    }

    private func fresh(_ name: String) throws -> (String, String) {
        let cert = directory.file("\(name).cert.pem")
        let key = directory.file("\(name).key.pem")
        let made = try IndependentTools.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "30", "-subj", "/CN=\(name)"])
        guard made.status == 0 else { throw TestSupportError("openssl req failed: \(made)") }
        return (cert, key)
    }

    /// Valid from 25 days ago to 5 days ahead (83% of the lifetime elapsed).
    private func backdated(_ name: String, subject: String) throws -> (String, String) {
        let cert = directory.file("\(name).cert.pem")
        let key = directory.file("\(name).key.pem")
        let script = """
            import sys, datetime
            from cryptography import x509
            from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import rsa
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, sys.argv[3])])
            now = datetime.datetime.now(datetime.timezone.utc)
            cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                    .serial_number(x509.random_serial_number())
                    .not_valid_before(now - datetime.timedelta(days=25)).not_valid_after(now + datetime.timedelta(days=5))
                    .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
                    .sign(key, hashes.SHA256()))
            open(sys.argv[1], 'wb').write(cert.public_bytes(serialization.Encoding.PEM))
            open(sys.argv[2], 'wb').write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
            """
        let output = try IndependentTools.python(script, [cert, key, subject])
        guard output.status == 0 else { throw TestSupportError("python failed: \(output.stderr)") }
        return (cert, key)
    }
}
