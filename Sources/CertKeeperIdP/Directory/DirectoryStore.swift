import CertKeeperCrypto
import Foundation
import GRDB

/// The emulated directory in its SQLite state file: applications, their key credentials,
/// used assertion ids and the emulator's own key pairs. Several processes may share the
/// file (`serve` and the admin commands): WAL, busy timeout, one transaction per change.
public final class DirectoryStore: Sendable {
    // Internal, not private: the listing and seeding extensions (other files) query it.
    let pool: DatabasePool
    private let certificates = CertificateCache()
    private let pruning = PruneSchedule(every: 500)
    private let recent = RecentApplications(lifetime: 1)

    /// Opens (creating 0600 if needed) and migrates the state file.
    public init(path: String) throws(IdPError) {
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: path) {
            // Create it private before SQLite does: it holds the emulator's signing keys.
            guard fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw IdPError(.state, "cannot create the state file \(path): check the directory exists and is writable")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL without fsync per commit: this is emulator state, throughput matters more.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = DirectorySchema.migrator()
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw IdPError(.state, "\(path) was written by a newer certkeeper-idp: use that version or a new --state file")
            }
            try migrator.migrate(pool)
        } catch let error as IdPError {
            throw error
        } catch {
            throw IdPError(.state, "cannot open the state file \(path): \(error)")
        }
    }

    // MARK: Applications

    public func createApplication(_ application: Application) throws(IdPError) {
        defer { recent.clear() }
        try write("register application \(application.clientID)") { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM applications WHERE object_id = ?", arguments: [application.objectID]) != nil {
                throw IdPError(.conflict, "an application with object id \(application.objectID) already exists")
            }
            if try Row.fetchOne(
                db, sql: "SELECT 1 FROM applications WHERE tenant_id = ? AND client_id = ?",
                arguments: [application.tenantID, application.clientID]
            ) != nil {
                throw IdPError(.conflict, "tenant \(application.tenantID) already has an application with client id \(application.clientID)")
            }
            let roles = String(decoding: try JSONEncoder().encode(application.roles), as: UTF8.self)
            try db.execute(
                sql: """
                    INSERT INTO applications
                        (object_id, tenant_id, client_id, service_principal_id, display_name, roles_json, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    application.objectID, application.tenantID, application.clientID, application.servicePrincipalID,
                    application.displayName, roles, application.createdAt.timeIntervalSince1970,
                ]
            )
            try Self.insertServicePrincipal(of: application, db)
        }
    }

    public func tenantExists(_ tenantID: String) throws(IdPError) -> Bool {
        try read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM applications WHERE tenant_id = ? LIMIT 1"), arguments: [tenantID]
            ) != nil
        }
    }

    /// The token endpoint's lookup. Served from a one-second cache that this process's own
    /// writes clear: changes made by another process (`app add-cert` while `serve` runs)
    /// show within a second, a much shorter lag than Entra's replication.
    public func application(tenantID: String, clientID: String) throws(IdPError) -> ApplicationRecord? {
        let key = "\(tenantID)\u{0}\(clientID)"
        if let cached = recent.lookup(key) { return cached }
        let record = try fetchApplications(where: "tenant_id = ? AND client_id = ?", [tenantID, clientID]).first
        recent.store(record, for: key)
        return record
    }

    public func application(objectID: String) throws(IdPError) -> ApplicationRecord? {
        try fetchApplications(where: "object_id = ?", [objectID]).first
    }

    /// Graph addresses an application by appId without a tenant: the first match.
    public func application(clientID: String) throws(IdPError) -> ApplicationRecord? {
        try fetchApplications(where: "client_id = ?", [clientID]).first
    }

    public func applications() throws(IdPError) -> [ApplicationRecord] {
        try fetchApplications(where: "1 = 1", [])
    }

    // MARK: Key credentials

    /// Adds a certificate credential; refuses a certificate the application already has.
    public func addKey(_ key: KeyCredential) throws(IdPError) {
        defer { recent.clear() }
        try write("add a key to application \(key.objectID)") { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM applications WHERE object_id = ?", arguments: [key.objectID]) != nil else {
                throw IdPError(.notFound, "no application with object id \(key.objectID)")
            }
            let thumbprint = key.certificate.sha256Thumbprint.hex
            if let existing = try String.fetchOne(
                db, sql: "SELECT key_id FROM key_credentials WHERE object_id = ? AND sha256_thumbprint = ?",
                arguments: [key.objectID, thumbprint]
            ) {
                throw IdPError(.conflict, "the application already has this certificate (keyId \(existing))")
            }
            try db.execute(
                sql: """
                    INSERT INTO key_credentials (key_id, object_id, certificate_der, sha256_thumbprint, display_name, added_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key.keyID, key.objectID, Data(key.certificate.der), thumbprint, key.displayName,
                    key.addedAt.timeIntervalSince1970,
                ]
            )
        }
    }

    /// Removes a key credential of `objectID`; throws `.notFound` when it has no such key.
    public func removeKey(objectID: String, keyID: String) throws(IdPError) {
        defer { recent.clear() }
        try write("remove key \(keyID)") { db in
            try db.execute(
                sql: "DELETE FROM key_credentials WHERE object_id = ? AND lower(key_id) = lower(?)",
                arguments: [objectID, keyID]
            )
            guard db.changesCount > 0 else {
                throw IdPError(.notFound, "application \(objectID) has no key credential with keyId \(keyID)")
            }
        }
    }

    // MARK: Assertion replay

    /// Records an assertion id; false when `clientID` already used it (a replay). Ids are
    /// kept until `expiresAt`, after which the assertion itself is refused as expired.
    public func recordAssertion(clientID: String, jti: String, expiresAt: Date, now: Date) throws(IdPError) -> Bool {
        try write("record an assertion id") { db in
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO used_assertions (client_id, jti, expires_at) VALUES (?, ?, ?)")
                .execute(arguments: [clientID, jti, expiresAt.timeIntervalSince1970])
            let inserted = db.changesCount > 0
            // Prune now and then rather than on every request.
            if inserted, pruning.isDue() {
                try db.execute(sql: "DELETE FROM used_assertions WHERE expires_at < ?", arguments: [now.timeIntervalSince1970])
            }
            return inserted
        }
    }

    // MARK: The emulator's own key pairs

    /// The stored identity for `purpose`, created with `make` on first use.
    public func identity(
        purpose: String, make: () throws(IdPError) -> (X509Certificate, PrivateKey)
    ) throws(IdPError) -> (certificate: X509Certificate, key: PrivateKey) {
        if let stored = try storedIdentity(purpose: purpose) { return stored }
        let (certificate, key) = try make()
        let pem: [UInt8]
        do { pem = try key.pkcs8PEM(encryptedWith: nil) } catch {
            throw IdPError(.state, "cannot encode the \(purpose) key: \(error)")
        }
        try write("store the \(purpose) identity") { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO identities (purpose, certificate_der, private_key_pem, created_at) VALUES (?, ?, ?, ?)",
                arguments: [purpose, Data(certificate.der), Data(pem), Date().timeIntervalSince1970]
            )
        }
        // Another process may have won the race: the stored row is the truth.
        guard let stored = try storedIdentity(purpose: purpose) else {
            throw IdPError(.state, "the \(purpose) identity vanished from the state file")
        }
        return stored
    }

    private func storedIdentity(purpose: String) throws(IdPError) -> (certificate: X509Certificate, key: PrivateKey)? {
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT certificate_der, private_key_pem FROM identities WHERE purpose = ?", arguments: [purpose])
        }
        guard let row else { return nil }
        do {
            let der: Data = row["certificate_der"]
            let pem: Data = row["private_key_pem"]
            return (try X509Certificate(der: [UInt8](der)), try PrivateKey(pemOrDER: [UInt8](pem)))
        } catch {
            throw IdPError(.state, "the stored \(purpose) identity is unreadable (\(error)): use a new --state file")
        }
    }

    // MARK: Plumbing

    private func fetchApplications(where condition: String, _ arguments: StatementArguments) throws(IdPError) -> [ApplicationRecord] {
        let rows = try read { db in
            // Cached statements: the token endpoint runs these on every request.
            let applications = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM applications WHERE \(condition) ORDER BY created_at, object_id"),
                arguments: arguments
            )
            return try applications.map { application in
                let objectID: String = application["object_id"]
                let keys = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT * FROM key_credentials WHERE object_id = ? ORDER BY added_at, key_id"),
                    arguments: [objectID]
                )
                return (application, keys)
            }
        }
        return try rows.map { (application, keys) throws(IdPError) in
            ApplicationRecord(application: try Self.application(from: application), keys: try keys.map(keyCredential(from:)))
        }
    }

    private static func application(from row: Row) throws(IdPError) -> Application {
        let rolesJSON: String = row["roles_json"]
        let roles = (try? JSONDecoder().decode([String].self, from: Data(rolesJSON.utf8))) ?? []
        return Application(
            tenantID: row["tenant_id"], clientID: row["client_id"], objectID: row["object_id"],
            servicePrincipalID: row["service_principal_id"], displayName: row["display_name"], roles: roles,
            createdAt: Date(timeIntervalSince1970: row["created_at"])
        )
    }

    private func keyCredential(from row: Row) throws(IdPError) -> KeyCredential {
        let der: Data = row["certificate_der"]
        let keyID: String = row["key_id"]
        return KeyCredential(
            keyID: keyID, objectID: row["object_id"], certificate: try certificates.certificate(der: [UInt8](der), keyID: keyID),
            displayName: row["display_name"], addedAt: Date(timeIntervalSince1970: row["added_at"])
        )
    }

    func read<T>(_ body: (Database) throws -> T) throws(IdPError) -> T {
        do { return try pool.read(body) } catch let error as IdPError { throw error } catch {
            throw IdPError(.state, "reading the state file failed: \(error)")
        }
    }

    func write<T>(_ action: String, _ body: (Database) throws -> T) throws(IdPError) -> T {
        do { return try pool.write(body) } catch let error as IdPError { throw error } catch {
            throw IdPError(.state, "could not \(action): \(error)")
        }
    }
}

/// Parsed certificates by DER: certificates never change, and parsing one per request
/// would dominate the token endpoint's cost.
private final class CertificateCache: @unchecked Sendable {
    // Every access to `entries` holds `lock`.
    private let lock = NSLock()
    private var entries: [Data: X509Certificate] = [:]

    func certificate(der: [UInt8], keyID: String) throws(IdPError) -> X509Certificate {
        let key = Data(der)
        if let cached = lock.withLock({ entries[key] }) { return cached }
        let certificate: X509Certificate
        do { certificate = try X509Certificate(der: der) } catch {
            throw IdPError(.state, "key credential \(keyID) holds an unreadable certificate: \(error)")
        }
        lock.withLock {
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = certificate
        }
        return certificate
    }
}

/// Counts recorded assertions so expired ids are deleted every `every` inserts.
private final class PruneSchedule: @unchecked Sendable {
    // Every access to `count` holds `lock`.
    private let lock = NSLock()
    private var count = 0
    private let every: Int

    init(every: Int) { self.every = every }

    func isDue() -> Bool {
        lock.withLock {
            count += 1
            return count % every == 0
        }
    }
}

/// Application lookups of the last `lifetime` seconds (misses included), by tenant + client id.
private final class RecentApplications: @unchecked Sendable {
    // Every access to `entries` holds `lock`.
    private let lock = NSLock()
    private var entries: [String: (record: ApplicationRecord?, until: ContinuousClock.Instant)] = [:]
    private let lifetime: Duration

    init(lifetime seconds: Int) { lifetime = .seconds(seconds) }

    /// `.some(nil)` is a cached miss.
    func lookup(_ key: String) -> ApplicationRecord?? {
        lock.withLock {
            guard let entry = entries[key], entry.until > .now else { return nil }
            return .some(entry.record)
        }
    }

    func store(_ record: ApplicationRecord?, for key: String) {
        lock.withLock {
            if entries.count > 1_000 { entries.removeAll() }
            entries[key] = (record, .now + lifetime)
        }
    }

    func clear() { lock.withLock { entries.removeAll() } }
}
