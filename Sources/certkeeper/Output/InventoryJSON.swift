import CertKeeperBase
import CertKeeperStore
import Foundation

/// `inventory list|show --format json`. Field names are a contract (docs/cli.md); the document
/// is versioned like scan's.
enum InventoryJSON {
    static let schema = "certkeeper.inventory/v1"

    struct Listing: Encodable {
        let schema = InventoryJSON.schema
        let certificates: [Entry]
    }

    struct Entry: Encodable {
        let id: Int64
        let state: String
        let subject: String
        let issuer: String
        let serial: String
        let notBefore: String
        let notAfter: String
        let daysLeft: Int
        let keyType: String
        let keyBits: Int
        let selfSigned: Bool
        let sha1Thumbprint: String
        let sha256Thumbprint: String
        let files: [File]
        let profiles: [String]

        enum CodingKeys: String, CodingKey {
            case id, state, subject, issuer, serial, files, profiles
            case notBefore = "not_before"
            case notAfter = "not_after"
            case daysLeft = "days_left"
            case keyType = "key_type"
            case keyBits = "key_bits"
            case selfSigned = "self_signed"
            case sha1Thumbprint = "sha1_thumbprint"
            case sha256Thumbprint = "sha256_thumbprint"
        }

        init(_ entry: InventoryEntry, now: Date) {
            let facts = entry.certificate.facts
            id = entry.certificate.id
            state = entry.certificate.state.rawValue
            subject = facts.subject
            issuer = facts.issuer
            serial = facts.serialNumber
            notBefore = RFC3339.string(from: facts.notBefore)
            notAfter = RFC3339.string(from: facts.notAfter)
            daysLeft = InventoryText.daysLeft(facts.notAfter, now: now)
            keyType = facts.keyType
            keyBits = facts.keyBits
            selfSigned = facts.isSelfSigned
            sha1Thumbprint = facts.sha1Thumbprint
            sha256Thumbprint = facts.sha256Thumbprint
            files = entry.files.map(File.init)
            profiles = entry.profileNames
        }
    }

    struct File: Encodable {
        let path: String
        let format: String
        let hasPrivateKey: Bool
        let passwordRef: String?
        let firstSeen: String
        let lastSeen: String
        let exists: Bool

        enum CodingKeys: String, CodingKey {
            case path, format, exists
            case hasPrivateKey = "has_private_key"
            case passwordRef = "password_ref"
            case firstSeen = "first_seen"
            case lastSeen = "last_seen"
        }

        init(_ file: CertificateFile) {
            path = file.path
            format = file.format.rawValue
            hasPrivateKey = file.hasPrivateKey
            passwordRef = file.passwordReference
            firstSeen = RFC3339.string(from: file.firstSeenAt)
            lastSeen = RFC3339.string(from: file.lastSeenAt)
            exists = FileManager.default.fileExists(atPath: file.path)
        }
    }
}
