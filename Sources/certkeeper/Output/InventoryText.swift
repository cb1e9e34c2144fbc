import CertKeeperBase
import CertKeeperStore
import Foundation

/// Text renderings of inventory entries.
enum InventoryText {
    static func table(_ entries: [InventoryEntry], now: Date) -> String {
        let rows = entries.map { entry -> [String] in
            let facts = entry.certificate.facts
            return [
                String(entry.certificate.id),
                entry.certificate.state.rawValue,
                day(facts.notAfter),
                String(daysLeft(facts.notAfter, now: now)),
                "\(facts.keyType) \(facts.keyBits)",
                facts.sha1Thumbprint,
                entry.profileNames.joined(separator: ","),
                facts.subject,
            ]
        }
        return TableRenderer.render(
            header: ["ID", "STATE", "NOT AFTER", "DAYS", "KEY", "SHA-1 THUMBPRINT", "PROFILES", "SUBJECT"], rows: rows
        )
    }

    /// The files of an entry, one per line, saying which have vanished from disk.
    static func fileLines(_ files: [CertificateFile]) -> [String] {
        files.map { file in
            var notes = [file.format.rawValue.uppercased()]
            if file.hasPrivateKey { notes.append("private key") }
            if let reference = file.passwordReference { notes.append("password \(reference)") }
            notes.append("last seen \(RFC3339.string(from: file.lastSeenAt))")
            let missing = FileManager.default.fileExists(atPath: file.path) ? "" : "  (MISSING: the file is no longer there)"
            return "  \(TerminalText.escaped(file.path))  [\(TerminalText.escaped(notes.joined(separator: ", ")))]\(missing)"
        }
    }

    /// Whole days until `notAfter`; negative once expired.
    static func daysLeft(_ notAfter: Date, now: Date) -> Int {
        Int((notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
    }

    static func day(_ date: Date) -> String { String(RFC3339.string(from: date).prefix(10)) }
}
