import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto
import CertKeeperStore
import Foundation

struct InventoryShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one certificate of the inventory, its files and profiles.",
        discussion: """
            ID is the number from inventory list; a THUMBPRINT is the SHA-1 or SHA-256 thumbprint, \
            or a unique prefix of at least 8 hex digits, in any case (colons allowed). Files that \
            have vanished from disk are marked MISSING. --format json prints one certificate in the \
            shape of inventory list's entries, plus x5t and x5t_s256.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Inventory id or thumbprint (prefix).", valueName: "id-or-thumbprint"))
    var identifier: String

    @Option(name: .long, help: "Output format.")
    var format: DescriptionFormat = .text

    struct Document: Encodable {
        let certificate: InventoryJSON.Entry
        let x5t: String
        let x5tS256: String
        /// Apps and service principals of synced tenants that register this certificate.
        let registrations: [Registration]

        struct Registration: Encodable {
            let tenantId: String
            let objectType: String
            let objectId: String
            let appId: String
            let appName: String
            let keyId: String
            let usage: String?
        }

        enum CodingKeys: String, CodingKey {
            case x5t
            case x5tS256 = "x5t_s256"
            case registrations = "directory_registrations"
        }

        func encode(to encoder: any Encoder) throws {
            try certificate.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(x5t, forKey: .x5t)
            try container.encode(x5tS256, forKey: .x5tS256)
            try container.encode(registrations, forKey: .registrations)
        }
    }

    func run() throws {
        let logger = global.makeLogger()
        let now = Date()
        try CommandRunner.run(logger) {
            let store = try global.openInventory()
            let entry = try InventoryService(store: store).show(identifier)
            let certificate = try X509Certificate(der: entry.certificate.facts.der)
            let registrations = try inventoryStoreCall { () throws(StoreError) in
                try store.directoryRegistrations(sha1Thumbprint: entry.certificate.facts.sha1Thumbprint)
            }
            switch format {
            case .json:
                print(
                    try JSONOutput.encode(
                        Document(
                            certificate: InventoryJSON.Entry(entry, now: now),
                            x5t: certificate.sha1Thumbprint.base64URL, x5tS256: certificate.sha256Thumbprint.base64URL,
                            registrations: registrations.map {
                                Document.Registration(
                                    tenantId: $0.tenantID, objectType: $0.objectType.rawValue, objectId: $0.objectID, appId: $0.appID,
                                    appName: $0.objectName, keyId: $0.keyID, usage: $0.usage
                                )
                            }
                        )))
            case .text:
                var lines: [(String, String)] = [("ID", String(entry.certificate.id)), ("State", entry.certificate.state.rawValue)]
                lines += CertificateFields.lines(for: certificate, now: now)
                lines.append(("Profiles", entry.profileNames.isEmpty ? "none" : entry.profileNames.joined(separator: ", ")))
                print(CertificateFields.render(lines, indent: ""))
                print("Files:")
                print(entry.files.isEmpty ? "  none recorded" : InventoryText.fileLines(entry.files).joined(separator: "\n"))
                print("Registered in Entra (certkeeper directory sync):")
                print(
                    registrations.isEmpty
                        ? "  nowhere known"
                        : registrations.map { registration in
                            let owner = registration.objectType == .application ? "application" : "service principal"
                            return "  \(owner) \(TerminalText.escaped(registration.objectName)) (appId \(TerminalText.escaped(registration.appID)), "
                                + "keyId \(TerminalText.escaped(registration.keyID)), tenant \(registration.tenantID))"
                        }.joined(separator: "\n"))
            }
        }
    }
}
