import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperStore
import Foundation

struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole inventory into an empty SQLite or PostgreSQL store.",
        discussion: """
            Copies everything the inventory holds — certificates and their files, profiles, \
            rotations in any state, the history with its users, hosts and times, directory \
            syncs and secret references — from --from into --to, in either direction \
            between SQLite and PostgreSQL (or between two of a kind). Ids are kept, so the \
            history still names the right certificates, profiles and rotations.

            The source must be at this certkeeper's schema version (upgrade it first by \
            opening it: certkeeper --store URL init); it is only read. The target is created \
            or upgraded, must hold no rows, and receives everything in one transaction: if \
            anything fails, it is left exactly as it was. After the commit every table is \
            read back from the target and its row count and checksum compared with the \
            source's; the summary shows them.

            URLs are those of --store: sqlite:PATH or postgres://USER@HOST:PORT/DB?... A \
            password never goes in the URL: PGPASSWORD, ~/.pgpass, or ?password=env:NAME / \
            ?password=file:PATH (docs/postgres.md).

            EXIT CODES
              0   copied and verified
              1   error: no inventory at --from, another schema version, a server
                  not reached, a value the target refused, a read-back mismatch
              2   the target already holds an inventory (nothing was written)
              64  usage error (bad URL, a password in a URL, --from equals --to)
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The inventory to copy: sqlite:PATH or postgres://USER@HOST:PORT/DB.", valueName: "url"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The empty store to copy it into (same forms).", valueName: "url"))
    var to: String

    @Option(name: .long, help: "Output format.")
    var format: ListFormat = .table

    func validate() throws {
        let source: StoreLocation
        let target: StoreLocation
        do {
            source = try StoreLocation.parse(from)
            target = try StoreLocation.parse(to)
        } catch {
            throw ValidationError(error.description)
        }
        if source == target { throw ValidationError("--from and --to name the same inventory: give another target") }
    }

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let environment = ProcessInfo.processInfo.environment
            let source = StoreSelection(location: try StoreLocation.parse(from))
            let target = StoreSelection(location: try StoreLocation.parse(to))
            let sourcePassword = try source.password(environment: environment)
            let targetPassword = try target.password(environment: environment)
            let report: InventoryCopyReport
            do throws(StoreError) {
                report = try InventoryCopier.copy(from: source.location, password: sourcePassword, to: target.location, password: targetPassword)
            } catch  where error.code == .targetNotEmpty {
                FileHandle.standardError.write(Data("Error: \(TerminalText.escaped(error.description))\n".utf8))
                throw ExitCode(2)
            } catch {
                throw CoreError.inventory(error)
            }
            print(format == .json ? try StoreCopyText.json(report) : StoreCopyText.table(report))
        }
    }
}
