import Foundation
import GRDB
import TestSupport

@testable import CertKeeperStore

/// Synthetic certificate facts: the store never parses certificates, so its tests need no
/// real ones (Core's tests import real files and cross-check them with openssl).
enum StoreFixtures {
    static let epoch = Date(timeIntervalSince1970: 1_800_000_000)

    static func facts(_ seed: Int, notAfter: Date = epoch.addingTimeInterval(86_400 * 365), keyType: String = "RSA") -> CertificateFacts {
        let sha1 = String(repeating: String(format: "%08X", seed), count: 5)
        let sha256 = String(repeating: String(format: "%08X", seed &* 7 &+ 1), count: 8)
        return CertificateFacts(
            sha1Thumbprint: sha1, sha256Thumbprint: sha256,
            subject: "CN=cert-\(seed), O=Contoso", subjectCommonName: "cert-\(seed)",
            issuer: "CN=cert-\(seed), O=Contoso", issuerCommonName: "cert-\(seed)",
            serialNumber: String(format: "%04X", seed), notBefore: epoch, notAfter: notAfter,
            keyType: keyType, keyBits: keyType == "RSA" ? 2048 : 256, isSelfSigned: true, der: Array("der-\(seed)".utf8)
        )
    }

    static func discovery(_ path: String, _ certificates: [CertificateFacts], format: CertificateFileFormat = .pem, stamp: String? = nil)
        -> FileDiscovery
    {
        FileDiscovery(path: path, format: format, privateKeyCertificate: nil, passwordReference: nil, stamp: stamp, certificates: certificates)
    }

    /// A fresh inventory in a temporary directory, with a fixed clock.
    static func store(in directory: TemporaryDirectory, actor: String? = "tester") throws -> SQLiteInventoryStore {
        try SQLiteInventoryStore(path: directory.file("inventory.sqlite"), actor: actor, clock: { epoch })
    }

    /// A fresh inventory on `backend` (PostgreSQL: a new schema of the test cluster), with a
    /// fixed clock.
    static func store(_ backend: StoreBackend, in directory: TemporaryDirectory, actor: String? = "tester") throws -> any InventoryStore {
        switch backend {
        case .sqlite:
            return try store(in: directory, actor: actor)
        case .postgres:
            return try postgresStore(url: try PostgresTestServer.freshSchema(), actor: actor)
        }
    }

    static func postgresStore(url: String, migratingUpTo version: Int? = nil, actor: String? = "tester") throws -> PostgresInventoryStore {
        guard case .postgres(let location) = try StoreLocation.parse(url) else { throw PostgresTestServer.ServerMissing() }
        return try PostgresInventoryStore(location: location, migratingUpTo: version, actor: actor, clock: { epoch })
    }

    static func profile(_ name: String, certificateID: Int64? = nil) -> ProfileSettings {
        ProfileSettings(
            name: name, tenantID: "11111111-2222-3333-4444-555555555555", clientID: "66666666-7777-8888-9999-000000000000",
            certificateID: certificateID, certificatePath: certificateID.map { _ in "/certs/\(name).pfx" },
            passwordReference: certificateID.map { _ in "env:CERT_PASSWORD" }
        )
    }

    /// A raw connection for checks the store's API deliberately does not offer.
    static func rawQueue(_ path: String) throws -> DatabaseQueue {
        try DatabaseQueue(path: path)
    }

    /// The first column of the first row of `sql`, as text, read beside the store's API (GRDB
    /// on SQLite, the `psql` client on PostgreSQL).
    static func rawScalar(_ store: any InventoryStore, _ sql: String) throws -> String? {
        switch store {
        case let sqlite as SQLiteInventoryStore:
            return try rawQueue(sqlite.path).read { db in try String.fetchOne(db, sql: sql) }
        case let postgres as PostgresInventoryStore:
            let text = try PostgresTestServer.psql(postgres.location.connectionURI, sql)
            return text.isEmpty ? nil : text
        default:
            return nil
        }
    }

    /// Runs `sql` beside the store's API; throws when the database refuses it.
    static func rawExecute(_ store: any InventoryStore, _ sql: String) throws {
        switch store {
        case let sqlite as SQLiteInventoryStore:
            try rawQueue(sqlite.path).write { db in try db.execute(sql: sql) }
        case let postgres as PostgresInventoryStore:
            try PostgresTestServer.psql(postgres.location.connectionURI, sql)
        default:
            break
        }
    }
}
