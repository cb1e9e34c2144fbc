import CertKeeperBase
import CertKeeperCore
import CertKeeperStore
import Foundation

/// Text for `rotate status` and `rotate list`.
enum RotationReportText {
    static func describe(_ status: RotationStatus) -> String {
        let rotation = status.rotation
        var lines: [(String, String)] = [
            ("State", rotation.state.rawValue + (rotation.registration.map { " (\($0.rawValue) registration)" } ?? "")),
            ("Started", RFC3339.string(from: rotation.startedAt)),
            ("In state since", RFC3339.string(from: rotation.stateEnteredAt)),
        ]
        if let old = status.oldCertificate { lines.append(("Old certificate", certificate(old))) }
        if let new = status.newCertificate { lines.append(("New certificate", certificate(new))) }
        if let path = rotation.details.newCertificatePath { lines.append(("New PFX", path)) }
        if let keyID = rotation.graphKeyID { lines.append(("Graph keyId", keyID)) }
        for vault in status.vaultVersions {
            lines.append((vault.restored ? "Vault restored" : "Vault version", "\(vault.target) \(vault.version) (SHA-1 \(vault.sha1))"))
        }
        if let until = rotation.details.retireAfter, !rotation.state.isFinished { lines.append(("Retire after", RFC3339.string(from: until))) }
        if rotation.attempts > 0 { lines.append(("Failed attempts", String(rotation.attempts))) }
        if let error = rotation.lastError { lines.append(("Last error", error)) }
        lines.append(("Next", status.nextStep))
        return "Rotation #\(rotation.revision) of profile \(rotation.profileName)\n" + CertificateFields.render(lines)
    }

    static func table(_ statuses: [RotationStatus]) -> String {
        guard !statuses.isEmpty else { return "no rotations" }
        let rows = statuses.map { status -> [String] in
            let rotation = status.rotation
            return [
                rotation.profileName, String(rotation.revision), rotation.state.rawValue, rotation.registration?.rawValue ?? "-",
                status.oldCertificate?.facts.sha1Thumbprint ?? "-", status.newCertificate?.facts.sha1Thumbprint ?? "-",
                RFC3339.string(from: rotation.startedAt),
            ]
        }
        return TableRenderer.render(header: ["PROFILE", "REV", "STATE", "REGISTRATION", "OLD SHA-1", "NEW SHA-1", "STARTED"], rows: rows)
    }

    private static func certificate(_ certificate: StoredCertificate) -> String {
        "\(certificate.facts.sha1Thumbprint) (\(certificate.state.rawValue), until \(RFC3339.string(from: certificate.facts.notAfter)))"
    }
}

/// JSON for `rotate status` and `rotate list`: one object per rotation.
struct RotationJSON: Encodable {
    let profile: String
    let revision: Int
    let state: String
    let registration: String?
    let oldSHA1: String?
    let newSHA1: String?
    let newSHA256: String?
    let newCertificatePath: String?
    let graphKeyID: String?
    let attempts: Int
    let lastError: String?
    let startedAt: String
    let stateEnteredAt: String
    let finishedAt: String?
    let retireAfter: String?
    let nextStep: String
    let vaultVersions: [VaultVersion]

    struct VaultVersion: Encodable {
        let target: String
        let version: String
        let sha1: String
        let restored: Bool
    }

    enum CodingKeys: String, CodingKey {
        case profile, revision, state, registration, attempts
        case vaultVersions = "vault_versions"
        case oldSHA1 = "old_sha1_thumbprint"
        case newSHA1 = "new_sha1_thumbprint"
        case newSHA256 = "new_sha256_thumbprint"
        case newCertificatePath = "new_certificate_path"
        case graphKeyID = "graph_key_id"
        case lastError = "last_error"
        case startedAt = "started_at"
        case stateEnteredAt = "state_entered_at"
        case finishedAt = "finished_at"
        case retireAfter = "retire_after"
        case nextStep = "next_step"
    }

    init(_ status: RotationStatus) {
        let rotation = status.rotation
        profile = rotation.profileName
        revision = rotation.revision
        state = rotation.state.rawValue
        registration = rotation.registration?.rawValue
        oldSHA1 = status.oldCertificate?.facts.sha1Thumbprint
        newSHA1 = status.newCertificate?.facts.sha1Thumbprint
        newSHA256 = status.newCertificate?.facts.sha256Thumbprint
        newCertificatePath = rotation.details.newCertificatePath
        graphKeyID = rotation.graphKeyID
        attempts = rotation.attempts
        lastError = rotation.lastError
        startedAt = RFC3339.string(from: rotation.startedAt)
        stateEnteredAt = RFC3339.string(from: rotation.stateEnteredAt)
        finishedAt = rotation.finishedAt.map(RFC3339.string(from:))
        retireAfter = rotation.details.retireAfter.map(RFC3339.string(from:))
        nextStep = status.nextStep
        vaultVersions = status.vaultVersions.map { VaultVersion(target: $0.target, version: $0.version, sha1: $0.sha1, restored: $0.restored) }
    }
}
