import CertKeeperCrypto
import CertKeeperIdP
import Foundation

/// One emulated tenant and application, as the emulator's tests set it up, for the fuzzers
/// of its request parsers. The application's certificate and key are the committed test-only
/// pair in Fuzz/corpus/fixture, so seeds made by Fuzz/corpus/make-seeds.py (signed with that
/// key) reach the checks behind the parsers. The clock is fixed: seeds never expire.
public final class IdPFuzzFixture: Sendable {
    public static let tenant = "11111111-2222-3333-4444-555555555555"
    public static let clientID = "aaaaaaaa-0000-0000-0000-000000000001"
    public static let objectID = "bbbbbbbb-0000-0000-0000-000000000002"
    /// 2027-01-15T08:00:00Z, inside the fixture certificate's validity.
    public static let now = Date(timeIntervalSince1970: 1_800_000_000)
    public static let address = ServiceAddress(scheme: "https", authority: "127.0.0.1:8443")

    public let store: DirectoryStore
    public let tokens: TokenEndpoint
    public let graph: GraphService
    public let key: PrivateKey
    public let certificate: X509Certificate
    /// A Graph access token for the application, from the token endpoint itself.
    public let graphToken: String

    /// Set up once per fuzzer process; any failure here is a broken fixture, not a finding.
    public static let shared: IdPFuzzFixture = {
        do { return try IdPFuzzFixture() } catch { fatalError("fuzz fixture: \(error)") }
    }()

    /// The directory's state file: one per fuzzer process, in memory-backed /dev/shm if any.
    static let statePath: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(base)/certkeeper-fuzz-\(getpid()).sqlite"
    }()

    static func removeState() {
        for suffix in ["", "-wal", "-shm"] { unlink(statePath + suffix) }
    }

    private init() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpus/fixture")
        key = try PrivateKey(pemOrDER: [UInt8](Data(contentsOf: fixtures.appendingPathComponent("idp-app.key.pem"))))
        guard
            let certificate = try X509Certificate.certificates(
                fromPEM: [UInt8](Data(contentsOf: fixtures.appendingPathComponent("idp-app.cert.pem")))
            ).first
        else { throw CocoaError(.fileReadCorruptFile) }
        self.certificate = certificate
        // A state file of its own per process, in memory-backed /dev/shm when there is one.
        Self.removeState()
        atexit { IdPFuzzFixture.removeState() }
        store = try DirectoryStore(path: Self.statePath)
        let clock: @Sendable () -> Date = { Self.now }
        _ = try DirectoryAdmin(store: store, clock: clock).createApplication(
            tenantID: Self.tenant, clientID: Self.clientID, objectID: Self.objectID, displayName: "fuzz",
            roles: ["Application.ReadWrite.OwnedBy"], certificates: [certificate]
        )
        let (issuerCertificate, issuerKey) = try AccessTokenIssuer.makeIdentity(now: Self.now.addingTimeInterval(-86_400))
        let context = EmulatorContext(
            store: store, issuer: AccessTokenIssuer(certificate: issuerCertificate, key: issuerKey), settings: EmulatorSettings(), clock: clock
        )
        tokens = TokenEndpoint(context: context)
        graph = GraphService(context: context)
        let seconds = Int(Self.now.timeIntervalSince1970)
        let assertion = try Self.sign(
            header: ["alg": "PS256", "typ": "JWT", "x5t#S256": certificate.sha256Thumbprint.base64URL],
            claims: [
                "aud": Self.address.tokenEndpoint(tenant: Self.tenant), "iss": Self.clientID, "sub": Self.clientID,
                "jti": UUID().uuidString, "nbf": seconds, "exp": seconds + 600, "iat": seconds,
            ],
            algorithm: .ps256, key: key
        )
        let reply = tokens.reply(tenant: Self.tenant, body: Self.tokenRequest(assertion: assertion), address: Self.address, correlationID: nil)
        guard reply.status == 200,
            let object = try JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any],
            let token = object["access_token"] as? String
        else {
            throw CocoaError(.coderInvalidValue, userInfo: [NSDebugDescriptionErrorKey: String(decoding: reply.body, as: UTF8.self)])
        }
        graphToken = token
    }

    public var graphCall: GraphService.Call {
        GraphService.Call(authorization: "Bearer \(graphToken)", clientRequestID: nil, address: Self.address)
    }

    /// A token request body with `assertion` as the client assertion (form-encoded).
    public static func tokenRequest(assertion: String, scope: String = "https://graph.microsoft.com/.default") -> [UInt8] {
        FormBody.encode([
            ("grant_type", "client_credentials"), ("client_id", Self.clientID), ("scope", scope),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion),
        ])
    }

    /// A JWS signed with `key`: a client assertion or a Graph proof.
    static func sign(header: [String: Any], claims: [String: Any], algorithm: JWSAlgorithm, key: PrivateKey) throws -> String {
        let headerJSON = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        let claimsJSON = try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])
        return try CompactJWS.sign(headerJSON: [UInt8](headerJSON), payloadJSON: [UInt8](claimsJSON), key: key, algorithm: algorithm).compact
    }
}
