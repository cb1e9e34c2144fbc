import CertKeeperCrypto
import CertKeeperHTTP
import Foundation

/// One of an application's keyCredentials as Graph returns it. Match certificates by
/// thumbprints recomputed from `key` (`certificate`), never by `customKeyIdentifier`.
public struct ApplicationKeyCredential: Sendable, Hashable, Decodable {
    public let keyId: String
    public let type: String?
    public let usage: String?
    /// base64 DER; Graph may leave it null in listings.
    public let key: String?
    public let displayName: String?
    public let customKeyIdentifier: String?
    public let startDateTime: String?
    public let endDateTime: String?

    /// The certificate in `key`, when there is one and it parses.
    public var certificate: X509Certificate? {
        guard let key, let data = Data(base64Encoded: key) else { return nil }
        return try? X509Certificate(der: [UInt8](data))
    }

    /// Whether this credential is `certificate` (compared by SHA-256 of the DER in `key`).
    public func holds(_ certificate: X509Certificate) -> Bool {
        self.certificate?.sha256Thumbprint == certificate.sha256Thumbprint
    }
}

/// The part of a Graph application a rotation needs.
public struct GraphApplication: Sendable, Hashable, Decodable {
    /// The object id.
    public let id: String
    /// The client id.
    public let appId: String?
    public let displayName: String?
    public let keyCredentials: [ApplicationKeyCredential]

    /// The credential that holds `certificate`, if registered.
    public func keyCredential(for certificate: X509Certificate) -> ApplicationKeyCredential? {
        keyCredentials.first { $0.holds(certificate) }
    }
}

/// What Graph said when it refused: `{"error":{"code","message","innerError":{…}}}`.
public struct GraphFailure: Sendable, Hashable {
    public let status: Int
    /// e.g. `Authentication_MissingOrMalformed`, `Authorization_RequestDenied`; branch on this.
    public let code: String?
    public let message: String?
    public let requestID: String?
    public let clientRequestID: String?

    init(response: HTTPResponse, clientRequestID: String) {
        status = response.status
        let error = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["error"] as? [String: Any]
        code = error?["code"] as? String
        message = error?["message"] as? String
        let inner = error?["innerError"] as? [String: Any]
        requestID = inner?["request-id"] as? String ?? response.header("request-id")
        self.clientRequestID = inner?["client-request-id"] as? String ?? clientRequestID
    }
}
