import Foundation
import GRDB

/// What `certkeeper-idp directory seed` makes: `applications` app registrations, each with
/// its service principal, and a mix of certificates, client secrets and expiry dates that
/// depends only on `seed`, the tenant and the day it runs (dates are relative to `now`, so
/// a seeded tenant always holds expired, soon-expiring and healthy credentials).
public struct DirectorySeedPlan: Sendable {
    public let tenantID: String
    public let applications: Int
    public let seed: UInt64
    public let now: Date

    public init(tenantID: String, applications: Int, seed: UInt64, now: Date) {
        self.tenantID = tenantID
        self.applications = applications
        self.seed = seed
        self.now = now
    }
}

public struct DirectorySeedSummary: Sendable, Equatable {
    public var applications = 0
    public var servicePrincipals = 0
    public var certificates = 0
    public var secrets = 0
    public var expired = 0
}

extension DirectoryStore {
    /// Inserts the whole plan in one transaction. Refuses (`.conflict`) a plan whose objects
    /// exist already (the same seed and tenant twice).
    public func seed(_ plan: DirectorySeedPlan) throws(IdPError) -> DirectorySeedSummary {
        var maker = SeedMaker(plan: plan)
        do {
            return try pool.write { db in
                for index in 0..<plan.applications { try maker.insertApplication(index, db) }
                return maker.summary
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw IdPError(
                .conflict,
                "tenant \(plan.tenantID) already holds objects seeded with --seed \(plan.seed): use another --seed or a new --state file (nothing was added)"
            )
        } catch {
            throw IdPError(.state, "could not seed the directory: \(error)")
        }
    }
}

/// Draws the objects one by one from a SplitMix64 stream.
private struct SeedMaker {
    let plan: DirectorySeedPlan
    var random: SplitMix64
    var summary = DirectorySeedSummary()
    private let day: TimeInterval = 86_400

    private static let areas = ["payroll", "billing", "crm", "hr", "inventory", "reporting", "search", "identity", "backup", "gateway", "ledger", "mobile"]
    private static let roles = ["api", "worker", "sync", "portal", "connector", "daemon", "etl", "bot"]
    private static let secretNames: [String?] = ["CI pipeline", "prod", nil, "terraform", "legacy", "rotation"]

    init(plan: DirectorySeedPlan) {
        self.plan = plan
        // The tenant takes part, so two tenants seeded alike get different object ids.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in plan.tenantID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        random = SplitMix64(state: plan.seed ^ hash)
    }

    mutating func insertApplication(_ index: Int, _ db: Database) throws {
        let objectID = uuid()
        let appID = uuid()
        let principalID = uuid()
        let name = "\(pick(Self.areas))-\(pick(Self.roles))-\(String(format: "%05d", index + 1))"
        let created = plan.now.addingTimeInterval(-Double(random.next(below: 1500) + 30) * day)
        try db.cachedStatement(
            sql: """
                INSERT INTO applications (object_id, tenant_id, client_id, service_principal_id, display_name, roles_json, created_at)
                VALUES (?, ?, ?, ?, ?, '[]', ?)
                """
        ).execute(arguments: [objectID, plan.tenantID, appID, principalID, name, created.timeIntervalSince1970])
        summary.applications += 1
        // 5 % of apps hold nothing but expired credentials: they can no longer authenticate.
        let dead = random.chance(0.05)
        for _ in 0..<credentialCount() {
            let credential = random.chance(0.6) ? certificate(name: name, dead: dead) : secret(dead: dead)
            count(credential)
            try DirectoryStore.insert(credential, ownerID: objectID, db)
        }

        let saml = random.chance(0.5)
        var signingThumbprint: String?
        var principalCredentials: [ListedCredential] = []
        if saml {
            // Gallery SAML apps: each signing certificate appears as a Sign and a Verify key
            // plus a password credential (its private key's password), all with one identifier.
            for _ in 0..<(random.chance(0.5) ? 1 : 2) {
                let (start, end) = dates(validityDays: 1095, dead: false)
                let identifier = bytes(20)
                let label = "CN=Microsoft Azure Federated SSO Certificate"
                for usage in ["Sign", "Verify"] {
                    principalCredentials.append(
                        ListedCredential(
                            keyID: uuid(), kind: .key, usage: usage, customKeyIdentifier: identifier, displayName: label, hint: nil, start: start, end: end
                        ))
                }
                principalCredentials.append(
                    ListedCredential(
                        keyID: uuid(), kind: .password, usage: nil, customKeyIdentifier: identifier, displayName: nil, hint: nil, start: start, end: end
                    ))
                signingThumbprint = identifier.map { String(format: "%02X", $0) }.joined()
            }
        } else if random.chance(0.4) {
            for _ in 0..<(random.chance(0.5) ? 1 : 2) { principalCredentials.append(secret(dead: false)) }
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO service_principals
                    (object_id, tenant_id, app_id, display_name, service_principal_type, preferred_token_signing_key_thumbprint, application_object_id)
                VALUES (?, ?, ?, ?, 'Application', ?, ?)
                """
        ).execute(arguments: [principalID, plan.tenantID, appID, name, signingThumbprint, objectID])
        summary.servicePrincipals += 1
        for credential in principalCredentials {
            count(credential)
            try DirectoryStore.insert(credential, ownerID: principalID, db)
        }
    }

    // MARK: Draws

    /// 0–5, about 3 on average.
    private mutating func credentialCount() -> Int {
        let roll = random.next(below: 100)
        return switch roll {
        case ..<5: 0
        case ..<15: 1
        case ..<35: 2
        case ..<65: 3
        case ..<85: 4
        default: 5
        }
    }

    private mutating func certificate(name: String, dead: Bool) -> ListedCredential {
        let (start, end) = dates(validityDays: random.chance(0.5) ? 365 : 730, dead: dead)
        let credential = ListedCredential(
            keyID: uuid(), kind: .key, usage: "Verify", customKeyIdentifier: bytes(20), displayName: "CN=\(name)", hint: nil, start: start, end: end
        )
        return credential
    }

    private mutating func secret(dead: Bool) -> ListedCredential {
        let (start, end) = dates(validityDays: [180, 365, 730][random.next(below: 3)], dead: dead)
        // Graph keeps sub-second precision on secrets (seven digits); certificates have none.
        let fraction = Double(random.next(below: 10_000_000)) / 10_000_000
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789~._-")
        let hint = String((0..<3).map { _ in alphabet[random.next(below: alphabet.count)] })
        let credential = ListedCredential(
            keyID: uuid(), kind: .password, usage: nil, customKeyIdentifier: nil, displayName: pick(Self.secretNames), hint: hint,
            start: start.addingTimeInterval(fraction), end: end.addingTimeInterval(fraction)
        )
        return credential
    }

    /// End dates: 10 % expired, 10 % within 30 days, 15 % within 90, the rest up to two years.
    private mutating func dates(validityDays: Int, dead: Bool) -> (Date, Date) {
        let roll = dead ? 0 : random.next(below: 100)
        let daysLeft: Int =
            switch roll {
            case ..<10: -1 - random.next(below: 400)
            case ..<20: random.next(below: 30)
            case ..<35: 30 + random.next(below: 60)
            default: 90 + random.next(below: 640)
            }
        let midnight = (plan.now.timeIntervalSince1970 / day).rounded(.down) * day
        let end = Date(timeIntervalSince1970: midnight + Double(daysLeft) * day + Double(random.next(below: 86_400)))
        let start = min(end.addingTimeInterval(-Double(validityDays) * day), plan.now.addingTimeInterval(-day))
        return (start, end)
    }

    private mutating func count(_ credential: ListedCredential) {
        if credential.kind == .key { summary.certificates += 1 } else { summary.secrets += 1 }
        if credential.end < plan.now { summary.expired += 1 }
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[random.next(below: values.count)] }

    private mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) } }

    /// A version 4 UUID drawn from the stream (lowercase, as Graph prints ids).
    private mutating func uuid() -> String {
        var raw = bytes(16)
        raw[6] = raw[6] & 0x0F | 0x40
        raw[8] = raw[8] & 0x3F | 0x80
        let hex = raw.map { String(format: "%02x", $0) }.joined()
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}

/// SplitMix64: a tiny generator whose sequence depends only on its seed, on every platform.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform enough in 0..<bound for test data (modulo bias is negligible for small bounds).
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }
}
