import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto
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

        enum CodingKeys: String, CodingKey { case x5t, x5tS256 = "x5t_s256" }

        func encode(to encoder: any Encoder) throws {
            try certificate.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(x5t, forKey: .x5t)
            try container.encode(x5tS256, forKey: .x5tS256)
        }
    }

    func run() throws {
        let logger = global.makeLogger()
        let now = Date()
        try CommandRunner.run(logger) {
            let entry = try InventoryService(store: try global.openInventory()).show(identifier)
            let certificate = try X509Certificate(der: entry.certificate.facts.der)
            switch format {
            case .json:
                print(try JSONOutput.encode(Document(
                    certificate: InventoryJSON.Entry(entry, now: now),
                    x5t: certificate.sha1Thumbprint.base64URL, x5tS256: certificate.sha256Thumbprint.base64URL
                )))
            case .text:
                var lines: [(String, String)] = [("ID", String(entry.certificate.id)), ("State", entry.certificate.state.rawValue)]
                lines += CertificateFields.lines(for: certificate, now: now)
                lines.append(("Profiles", entry.profileNames.isEmpty ? "none" : entry.profileNames.joined(separator: ", ")))
                print(CertificateFields.render(lines, indent: ""))
                print("Files:")
                print(entry.files.isEmpty ? "  none recorded" : InventoryText.fileLines(entry.files).joined(separator: "\n"))
            }
        }
    }
}
