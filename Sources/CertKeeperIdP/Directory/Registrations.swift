import CertKeeperCrypto
import Foundation

/// An app registration in the emulated directory.
public struct Application: Sendable, Hashable {
    public let tenantID: String
    /// The appId (client id): what token requests and assertions name.
    public let clientID: String
    /// The application object's id: what Graph's `/applications/{id}` and proofs name.
    public let objectID: String
    /// The service principal's object id: the `oid` of the app's access tokens.
    public let servicePrincipalID: String
    public let displayName: String
    /// Application roles granted to the app: the `roles` claim of its tokens.
    public let roles: [String]
    public let createdAt: Date

    public init(
        tenantID: String, clientID: String, objectID: String, servicePrincipalID: String,
        displayName: String, roles: [String], createdAt: Date
    ) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.objectID = objectID
        self.servicePrincipalID = servicePrincipalID
        self.displayName = displayName
        self.roles = roles
        self.createdAt = createdAt
    }
}

/// A certificate credential of an application (Graph's keyCredential).
public struct KeyCredential: Sendable, Hashable {
    public let keyID: String
    public let objectID: String
    public let certificate: X509Certificate
    public let displayName: String
    /// When it was registered; with the replication delay this decides when tokens accept it.
    public let addedAt: Date

    public init(keyID: String, objectID: String, certificate: X509Certificate, displayName: String, addedAt: Date) {
        self.keyID = keyID
        self.objectID = objectID
        self.certificate = certificate
        self.displayName = displayName
        self.addedAt = addedAt
    }

    /// Whether the token endpoint sees the key yet (Entra replicates new keys with a delay).
    public func isReplicated(at now: Date, delay: TimeInterval) -> Bool {
        addedAt.addingTimeInterval(delay) <= now
    }
}

/// An application with its key credentials.
public struct ApplicationRecord: Sendable, Hashable {
    public let application: Application
    public let keys: [KeyCredential]

    public init(application: Application, keys: [KeyCredential]) {
        self.application = application
        self.keys = keys
    }
}

/// Entra's rule for certificate credentials: RSA keys of at least 2048 bits only.
public enum CredentialPolicy {
    public static let minimumRSABits = 2048

    /// Throws `.unsupportedCertificate` for an EC or other non-RSA key.
    public static func checkRegistrable(_ certificate: X509Certificate) throws(IdPError) {
        guard certificate.keyAlgorithm.isRSA else {
            throw IdPError(
                .unsupportedCertificate,
                "the certificate has a \(certificate.keyAlgorithm) key: Entra accepts RSA keys only (2048 bits or more)"
            )
        }
    }

    public static func isWeak(_ certificate: X509Certificate) -> Bool {
        certificate.keyAlgorithm.bits < minimumRSABits
    }
}
