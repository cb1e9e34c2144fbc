import CertKeeperCrypto
import CertKeeperIdP
import Foundation
import TestSupport

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    // Every access to `current` holds `lock`.
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// A certificate credential made for a test: key, certificate and its PEM.
struct TestCredential {
    let key: PrivateKey
    let certificate: X509Certificate

    static func make(validFrom start: Date, days: Int = 365, bits: Int = 2048) throws -> TestCredential {
        let key = try PrivateKey.generate(.rsa(bits: bits))
        let spec = SelfSignedCertificateSpec(
            subject: try DistinguishedName(parsing: "CN=certkeeper idp test"), validity: try .days(days, from: start)
        )
        return TestCredential(key: key, certificate: try X509Certificate.selfSigned(spec, key: key))
    }
}

extension TestCredential {
    /// An RSA 1024 key and certificate made by `openssl req` (valid 20 years from today).
    static func weakFromOpenSSL() throws -> TestCredential {
        let directory = try TemporaryDirectory("certkeeper-idp-weak")
        let output = try IndependentTools.openssl([
            "req", "-x509", "-newkey", "rsa:1024", "-nodes", "-subj", "/CN=legacy weak", "-days", "7300",
            "-keyout", directory.file("weak.key"), "-out", directory.file("weak.pem"),
        ])
        guard output.status == 0 else { throw TestSupportError("openssl req failed: \(output)") }
        let key = try PrivateKey(pemOrDER: try directory.read("weak.key"))
        guard let certificate = try X509Certificate.certificates(fromPEM: try directory.read("weak.pem")).first else {
            throw TestSupportError("openssl wrote no certificate")
        }
        return TestCredential(key: key, certificate: certificate)
    }
}

/// One emulated tenant with one application, its services and a fixed clock.
struct IdPFixture {
    static let tenant = "11111111-2222-3333-4444-555555555555"
    static let clientID = "aaaaaaaa-0000-0000-0000-000000000001"
    static let objectID = "bbbbbbbb-0000-0000-0000-000000000002"
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let address = ServiceAddress(scheme: "https", authority: "127.0.0.1:8443")

    let directory: TemporaryDirectory
    let store: DirectoryStore
    let clock: TestClock
    let admin: DirectoryAdmin
    let issuer: AccessTokenIssuer
    let context: EmulatorContext
    let tokens: TokenEndpoint
    let graph: GraphService
    let credential: TestCredential

    init(replicationDelay: TimeInterval = 0, credential: TestCredential? = nil) throws {
        directory = try TemporaryDirectory("certkeeper-idp")
        store = try DirectoryStore(path: directory.file("state.sqlite"))
        let clock = TestClock(Self.start)
        self.clock = clock
        admin = DirectoryAdmin(store: store, clock: { clock.now })
        let (certificate, key) = try AccessTokenIssuer.makeIdentity(now: Self.start)
        issuer = AccessTokenIssuer(certificate: certificate, key: key)
        let settings = EmulatorSettings(replicationDelay: replicationDelay)
        context = EmulatorContext(store: store, issuer: issuer, settings: settings, clock: { clock.now })
        tokens = TokenEndpoint(context: context)
        graph = GraphService(context: context)
        let made = try credential ?? TestCredential.make(validFrom: Self.start.addingTimeInterval(-86_400))
        self.credential = made
        _ = try admin.createApplication(
            tenantID: Self.tenant, clientID: Self.clientID, objectID: Self.objectID, displayName: "rotation rehearsal",
            roles: ["Application.ReadWrite.OwnedBy"], certificates: [made.certificate]
        )
    }

    var tokenEndpoint: String { Self.address.tokenEndpoint(tenant: Self.tenant) }

    /// Posts a token request; returns status and the decoded JSON body.
    func requestToken(
        assertion: String?, clientID: String = clientID, tenant: String = tenant,
        scope: String = "https://graph.microsoft.com/.default", correlationID: String? = nil
    ) throws -> (status: Int, body: [String: Any]) {
        var fields = [("grant_type", "client_credentials"), ("client_id", clientID), ("scope", scope)]
        if let assertion {
            fields += [("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion)]
        }
        let reply = tokens.reply(tenant: tenant, body: FormBody.encode(fields), address: Self.address, correlationID: correlationID)
        return (reply.status, try JSONBody.object(reply.body))
    }

    /// A Graph bearer token for the fixture's application.
    func graphToken(with credential: TestCredential? = nil) throws -> String {
        let signer = credential ?? self.credential
        let assertion = try AssertionBuilder(credential: signer, audience: tokenEndpoint, now: clock.now).compact()
        let (status, body) = try requestToken(assertion: assertion)
        guard status == 200, let token = body["access_token"] as? String else {
            throw TestSupportError("no Graph token: \(status) \(body)")
        }
        return token
    }

    func graphCall(token: String?) -> GraphService.Call {
        GraphService.Call(authorization: token.map { "Bearer \($0)" }, clientRequestID: nil, address: Self.address)
    }
}

enum JSONBody {
    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        guard !bytes.isEmpty else { return [:] }
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw TestSupportError("not a JSON object: \(String(decoding: bytes, as: UTF8.self))")
        }
        return object
    }

    static func errorCodes(_ body: [String: Any]) -> [Int] { body["error_codes"] as? [Int] ?? [] }
}
