import CertKeeperCrypto
import Foundation

/// What `certkeeper-idp app …` does, over the store: registrations made by an administrator
/// (the portal's role), as opposed to Graph calls made by the application itself.
public struct DirectoryAdmin: Sendable {
    /// How long ago the certificates given to `createApplication` count as registered.
    public static let preexistingAge: TimeInterval = 30 * 86_400

    private let store: DirectoryStore
    private let clock: @Sendable () -> Date

    public init(store: DirectoryStore, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.clock = clock
    }

    public func createApplication(
        tenantID: String, clientID: String, objectID: String, displayName: String?, roles: [String],
        certificates: [X509Certificate]
    ) throws(IdPError) -> ApplicationRecord {
        for (name, value) in [("tenant", tenantID), ("client id", clientID), ("object id", objectID)] {
            try Self.checkIdentifier(value, name: name)
        }
        for certificate in certificates { try CredentialPolicy.checkRegistrable(certificate) }
        let now = clock()
        let application = Application(
            tenantID: tenantID, clientID: clientID, objectID: objectID,
            servicePrincipalID: UUID().uuidString.lowercased(), displayName: displayName ?? "app \(clientID)",
            roles: roles, createdAt: now
        )
        try store.createApplication(application)
        // Certificates given at creation model credentials the app already had: they count
        // as registered `preexistingAge` ago, so a --replication-delay (which models a key
        // added while the app is in use) does not hide them.
        for certificate in certificates {
            _ = try addCertificate(certificate, to: objectID, displayName: nil, addedAt: now.addingTimeInterval(-Self.preexistingAge))
        }
        guard let record = try store.application(objectID: objectID) else {
            throw IdPError(.state, "application \(objectID) vanished right after it was created")
        }
        return record
    }

    /// Registers a certificate (RSA only; a weak RSA key is accepted here so 50032 can be
    /// rehearsed, as old registrations may hold one).
    public func addCertificate(
        _ certificate: X509Certificate, to objectID: String, displayName: String?, addedAt: Date? = nil
    ) throws(IdPError) -> KeyCredential {
        try CredentialPolicy.checkRegistrable(certificate)
        let key = KeyCredential(
            keyID: UUID().uuidString.lowercased(), objectID: objectID, certificate: certificate,
            displayName: displayName ?? certificate.subject.description, addedAt: addedAt ?? clock()
        )
        try store.addKey(key)
        return key
    }

    /// Removes a key credential named by keyId or by a SHA-1/SHA-256 thumbprint (hex).
    public func removeCertificate(from objectID: String, keyIDOrThumbprint selector: String) throws(IdPError) -> KeyCredential {
        guard let record = try store.application(objectID: objectID) else {
            throw IdPError(.notFound, "no application with object id \(objectID): see `certkeeper-idp app list`")
        }
        let thumbprint = Thumbprint(hex: selector)
        let match = record.keys.first { key in
            key.keyID.lowercased() == selector.lowercased()
                || thumbprint == key.certificate.sha1Thumbprint || thumbprint == key.certificate.sha256Thumbprint
        }
        guard let match else {
            throw IdPError(.notFound, "application \(objectID) has no key with keyId or thumbprint \(selector)")
        }
        try store.removeKey(objectID: objectID, keyID: match.keyID)
        return match
    }

    /// The application named by object id or client id.
    public func application(named identifier: String) throws(IdPError) -> ApplicationRecord {
        if let record = try store.application(objectID: identifier) { return record }
        if let record = try store.application(clientID: identifier) { return record }
        throw IdPError(.notFound, "no application with object id or client id \(identifier): see `certkeeper-idp app list`")
    }

    public func applications() throws(IdPError) -> [ApplicationRecord] { try store.applications() }

    private static func checkIdentifier(_ value: String, name: String) throws(IdPError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
        guard !value.isEmpty, value.count <= 128, value.unicodeScalars.allSatisfy(allowed.contains) else {
            throw IdPError(.invalidValue, "the \(name) \"\(value)\" must be letters, digits, '-', '.' or '_' (a GUID or a domain name)")
        }
    }
}

extension DirectoryAdmin {
    /// Adds a client secret valid from now for `days` (negative: already expired). Only
    /// what Graph lists is kept; the hint stands for the first characters of a text that
    /// exists nowhere.
    public func addSecret(to objectID: String, displayName: String?, days: Int) throws(IdPError) -> ListedCredential {
        let now = Date()
        let start = days < 0 ? now.addingTimeInterval(Double(days - 1) * 86_400) : now
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let hint = String((0..<3).map { _ in alphabet.randomElement() ?? "x" })
        let secret = ListedCredential(
            keyID: UUID().uuidString.lowercased(), kind: .password, usage: nil, customKeyIdentifier: nil, displayName: displayName,
            hint: hint, start: start, end: now.addingTimeInterval(Double(days) * 86_400)
        )
        try store.addListedCredential(secret, ownerID: objectID)
        return secret
    }
}
