import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperStore
import Foundation

struct DirectoryListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the synced apps' certificates and secrets, soonest expiry first.",
        discussion: """
            One line per credential: days left (negative: expired), certificate or
            secret, the application or service principal, its appId, the keyId, the
            SHA-1 thumbprint and where this host holds the certificate (inventory
            files; "-" when nowhere). --format json prints schema
            certkeeper.directory/v1: {"schema", "credentials": [...]}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only this tenant (default: every synced tenant).", valueName: "tenant"))
    var tenant: String?

    @Option(name: .long, help: "Output format.")
    var format: ListFormat = .table

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let store = try global.openInventory()
            let tenants = try inventoryStoreCall { () throws(StoreError) in try store.directoryTenants() }
            if tenants.isEmpty {
                throw CoreError(.notFound, "no tenant has been synced yet: run certkeeper directory sync -p PROFILE")
            }
            let now = Date()
            let output = ByteStream.standardOutput()
            var first = true
            var failure: CoreError?
            if format == .json {
                try output.write("{\"schema\":\"certkeeper.directory/v1\",\"credentials\":[")
            } else {
                try output.write(DirectoryListText.header + "\n")
            }
            try inventoryStoreCall { () throws(StoreError) in
                try store.forEachDirectoryCredential(tenantID: tenant) { row in
                    do throws(CoreError) {
                        let text =
                            format == .json
                            ? (first ? "\n" : ",\n") + (try DirectoryListText.json(row, now: now))
                            : DirectoryListText.line(row, now: now) + "\n"
                        try CoreError.lifting(try output.write(text))
                        first = false
                        return true
                    } catch {
                        failure = error
                        return false
                    }
                }
            }
            if let failure { throw failure }
            if format == .json { try output.write("\n]}\n") }
            try output.flush()
        }
    }
}

/// Store calls from the CLI, their errors as CoreErrors.
func inventoryStoreCall<Result>(_ body: () throws(StoreError) -> Result) throws(CoreError) -> Result {
    do { return try body() } catch { throw CoreError.inventory(error) }
}

/// How `directory list` prints a credential.
enum DirectoryListText {
    static let header = [
        pad("DAYS", 6), pad("KIND", 11), pad("OWNER", 17), pad("NAME", 32), pad("APP ID", 36), pad("KEY ID", 36), pad("SHA-1", 40), "ON THIS HOST",
    ].joined(separator: " ")

    static func line(_ row: DirectoryCredentialRow, now: Date) -> String {
        [
            pad(String(daysLeft(row.notAfter, now: now)), 6), pad(row.kind.rawValue, 11), pad(owner(row.objectType), 17),
            pad(TerminalText.escaped(row.objectName), 32), pad(TerminalText.escaped(row.appID), 36), pad(TerminalText.escaped(row.keyID), 36),
            pad(row.sha1Thumbprint ?? "-", 40), row.filePaths.isEmpty ? "-" : TerminalText.escaped(row.filePaths.joined(separator: ", ")),
        ].joined(separator: " ")
    }

    struct Entry: Encodable {
        let tenantId: String
        let objectType: String
        let objectId: String
        let appId: String
        let appName: String
        let kind: String
        let keyId: String
        let usage: String?
        let sha1Thumbprint: String?
        let displayName: String?
        let notBefore: String?
        let notAfter: String
        let daysLeft: Int
        let filePaths: [String]
        let profiles: [String]
    }

    static func json(_ row: DirectoryCredentialRow, now: Date) throws(CoreError) -> String {
        let entry = Entry(
            tenantId: row.tenantID, objectType: row.objectType.rawValue, objectId: row.objectID, appId: row.appID, appName: row.objectName,
            kind: row.kind.rawValue, keyId: row.keyID, usage: row.usage, sha1Thumbprint: row.sha1Thumbprint, displayName: row.displayName,
            notBefore: row.notBefore.map(RFC3339.string(from:)), notAfter: RFC3339.string(from: row.notAfter),
            daysLeft: daysLeft(row.notAfter, now: now), filePaths: row.filePaths, profiles: row.profileNames
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(entry), as: UTF8.self) } catch {
            throw CoreError(.io, "could not encode credential \(row.keyID) as JSON")
        }
    }

    /// Whole days left, rounded down (expired yesterday: -1).
    static func daysLeft(_ notAfter: Date, now: Date) -> Int {
        Int((notAfter.timeIntervalSince(now) / 86_400).rounded(.down))
    }

    static func owner(_ type: DirectoryObjectType) -> String { type == .application ? "application" : "servicePrincipal" }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }
}
