import CertKeeperCrypto
import Foundation

/// The slice of Microsoft Graph a certificate rotation uses: read an application's
/// keyCredentials, `addKey`, `removeKey`. Callers authenticate with a bearer token this
/// emulator issued for Graph; an application may roll only its own keys.
public struct GraphService: Sendable {
    private let context: EmulatorContext
    private var store: DirectoryStore { context.store }
    private var issuer: AccessTokenIssuer { context.issuer }
    private var settings: EmulatorSettings { context.settings }

    public init(context: EmulatorContext) { self.context = context }

    /// How an application is addressed: `/applications/{objectId}` or `/applications(appId='{id}')`.
    public enum ApplicationKey: Sendable {
        case objectID(String)
        case appID(String)
    }

    /// A Graph call, as the HTTP layer saw it.
    public struct Call: Sendable {
        public let authorization: String?
        public let clientRequestID: String?
        public let address: ServiceAddress

        public init(authorization: String?, clientRequestID: String?, address: ServiceAddress) {
            self.authorization = authorization
            self.clientRequestID = clientRequestID
            self.address = address
        }
    }

    public func getApplication(_ key: ApplicationKey, call: Call) -> HTTPReply {
        respond(call, subject: key.text) { now throws(GraphError) in
            let record = try authorize(call, application: key, now: now, requireSelf: false)
            return .json(200, JSON.encode(ApplicationResource(record, graphBase: call.address.baseURL)), subject: key.text)
        }
    }

    public func addKey(objectID: String, body: [UInt8], call: Call) -> HTTPReply {
        respond(call, subject: objectID) { now throws(GraphError) in
            let record = try authorize(call, application: .objectID(objectID), now: now, requireSelf: true)
            guard let request = JSON.decode(AddKeyRequest.self, from: body) else {
                throw .badRequest("The request body is not an addKey body: {keyCredential, passwordCredential, proof}.")
            }
            let verifier = ProofVerifier(settings: settings)
            guard !verifier.signingCandidates(record, now: now).isEmpty else { throw .noValidCertificate(objectID: objectID) }
            guard let proof = request.proof else { throw .invalidProof("The body has no proof.") }
            try verifier.verify(proof, record: record, now: now)
            let certificate = try Self.certificate(from: request.keyCredential)
            let credential = KeyCredential(
                keyID: UUID().uuidString.lowercased(), objectID: objectID, certificate: certificate,
                displayName: request.keyCredential?.displayName ?? certificate.subject.description, addedAt: now
            )
            do throws(IdPError) { try store.addKey(credential) } catch {
                throw error.code == .conflict ? .badRequest(error.description) : .serviceFailure()
            }
            return .json(200, JSON.encode(KeyCredentialResource(credential)), subject: objectID)
        }
    }

    public func removeKey(objectID: String, body: [UInt8], call: Call) -> HTTPReply {
        respond(call, subject: objectID) { now throws(GraphError) in
            let record = try authorize(call, application: .objectID(objectID), now: now, requireSelf: true)
            guard let request = JSON.decode(RemoveKeyRequest.self, from: body), let keyID = request.keyId else {
                throw .badRequest("The request body is not a removeKey body: {keyId, proof}.")
            }
            guard let proof = request.proof else { throw .invalidProof("The body has no proof.") }
            try ProofVerifier(settings: settings).verify(proof, record: record, now: now)
            do throws(IdPError) { try store.removeKey(objectID: objectID, keyID: keyID) } catch {
                throw error.code == .notFound ? .notFound(keyID) : .serviceFailure()
            }
            return .noContent(subject: objectID)
        }
    }

    // MARK: Checks

    /// The application, once the bearer token is one of ours, for Graph, from its tenant
    /// (and, for writes, from the application itself).
    private func authorize(_ call: Call, application key: ApplicationKey, now: Date, requireSelf: Bool) throws(GraphError) -> ApplicationRecord {
        let claims = try GraphBearer.claims(of: call, issuer: issuer, now: now)
        let found: ApplicationRecord?
        do {
            switch key {
            case .objectID(let id): found = try store.application(objectID: id)
            case .appID(let id): found = try store.application(tenantID: claims.tid, clientID: id)
            }
        } catch {
            throw .serviceFailure()
        }
        guard let record = found, record.application.tenantID == claims.tid else { throw .notFound(key.text) }
        if requireSelf, record.application.clientID != claims.appid {
            throw .denied("An application may add or remove only its own keys; the token belongs to \(claims.appid).")
        }
        return record
    }

    private static func certificate(from credential: AddKeyRequest.Credential?) throws(GraphError) -> X509Certificate {
        guard let credential, credential.type == "AsymmetricX509Cert", credential.usage == "Verify",
            let text = credential.key, let der = Data(base64Encoded: text.filter { !$0.isWhitespace })
        else {
            throw .badRequest("keyCredential must have type AsymmetricX509Cert, usage Verify and key = the base64 DER certificate.")
        }
        let certificate: X509Certificate
        do { certificate = try X509Certificate(der: [UInt8](der)) } catch {
            throw .badRequest("Invalid value specified for property 'key' of resource 'KeyCredential': not a DER certificate.")
        }
        do { try CredentialPolicy.checkRegistrable(certificate) } catch {
            throw .badRequest("Invalid value specified for property 'key' of resource 'KeyCredential': \(error.description).")
        }
        guard !CredentialPolicy.isWeak(certificate) else {
            throw .badRequest(
                "Invalid value specified for property 'key' of resource 'KeyCredential': RSA keys need at least 2048 bits, this one has \(certificate.keyAlgorithm.bits).")
        }
        return certificate
    }

    private func respond(_ call: Call, subject: String, _ body: (Date) throws(GraphError) -> HTTPReply) -> HTTPReply {
        let now = context.clock()
        do { return try body(now) } catch {
            return GraphErrorBody.reply(error, now: now, clientRequestID: call.clientRequestID, subject: subject)
        }
    }
}

extension GraphService.ApplicationKey {
    var text: String {
        switch self {
        case .objectID(let id): id
        case .appID(let id): "appId='\(id)'"
        }
    }
}
