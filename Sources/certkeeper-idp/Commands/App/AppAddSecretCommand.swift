import ArgumentParser
import CertKeeperBase
import CertKeeperIdP
import Foundation

struct AppAddSecretCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-secret",
        abstract: "Add a client secret (a passwordCredential) to an application.",
        discussion: "The emulator keeps only what Graph lists: keyId, hint, display name and dates; the secret text is not kept or shown."
    )

    @OptionGroup var state: StateOptions

    @Option(help: ArgumentHelp("The application's object id or client id.", valueName: "id"))
    var app: String

    @Option(name: .customLong("display-name"), help: ArgumentHelp("The secret's description.", valueName: "name"))
    var displayName: String?

    @Option(help: ArgumentHelp("Days until it expires (negative: already expired).", valueName: "days"))
    var days = 180

    func validate() throws {
        guard (-36_500...36_500).contains(days) else { throw ValidationError("--days must be between -36500 and 36500") }
    }

    func run() throws {
        let admin = try state.admin()
        let record = try admin.application(named: app)
        let secret = try admin.addSecret(to: record.application.objectID, displayName: displayName, days: days)
        print("added secret keyId \(secret.keyID) to \(record.application.objectID): hint \(secret.hint ?? ""), ends \(RFC3339.string(from: secret.end))")
    }
}
