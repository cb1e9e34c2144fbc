import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperStore
import Foundation

extension CertificateState: ExpressibleByArgument {}

struct InventoryListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the certificates in the inventory.",
        discussion: """
            Table columns: ID, STATE (discovered, staged, active, retired), NOT AFTER (UTC date), \
            DAYS (whole days left; negative once expired), KEY, SHA-1 THUMBPRINT (as the Azure \
            portal shows it), PROFILES using it, SUBJECT.

            --format json prints {"schema": "certkeeper.inventory/v1", "certificates": [...]}; each \
            certificate has id, state, subject, issuer, serial, not_before, not_after (RFC 3339 \
            UTC), days_left, key_type, key_bits, self_signed, sha1_thumbprint, sha256_thumbprint, \
            files [{path, format, has_private_key, password_ref, first_seen, last_seen, exists}] \
            and profiles.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .customLong("expiring-within"),
        help: ArgumentHelp(
            "Only certificates expiring within this time (expired ones included), e.g. 30d, 2w, 1w3d, 12h; a bare number is days (no m: minutes or months would be a guess).",
            valueName: "duration")
    )
    var expiringWithin: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Only certificates in these states (repeat or list several).")
    var state: [CertificateState] = []

    @Option(name: .long, help: "Output format.")
    var format: ListFormat = .table

    func validate() throws {
        if let expiringWithin {
            do { _ = try DurationSpec(parsing: expiringWithin) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let logger = global.makeLogger()
        let now = Date()
        try CommandRunner.run(logger) {
            let window = try expiringWithin.map { text throws(BaseError) in try DurationSpec(parsing: text) }
            let entries = try InventoryService(store: try global.openInventory()).list(expiringWithin: window, states: Set(state), now: now)
            switch format {
            case .table:
                print(entries.isEmpty ? "no certificates" : InventoryText.table(entries, now: now))
            case .json:
                print(try JSONOutput.encode(InventoryJSON.Listing(certificates: entries.map { InventoryJSON.Entry($0, now: now) })))
            }
        }
    }
}
