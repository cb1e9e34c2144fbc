import ArgumentParser
import CertKeeperCore
import Foundation

struct InventoryImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Find certificate files and record them in the inventory.",
        discussion: """
            Reads PEM (every certificate of a bundle), DER and PFX/PKCS#12 files (modern, legacy \
            3DES and RC2-40), given as files or directories (one level deep; all levels with \
            --recursive). Certificates are deduplicated by SHA-256 thumbprint; every file that \
            holds one is recorded with its format, whether it holds the private key, and — for a \
            PFX opened with a password — the password's reference (env:NAME or file:PATH), never \
            the password. A PFX's private key is not decrypted.

            Files that cannot be used (not certificates, corrupt, unreadable, wrong or missing \
            PFX password, FIFOs, sockets) are skipped with a warning on stderr; PEM files holding \
            only keys or requests are passed over silently (--verbose lists them). Symlinks are \
            followed; loops end. A file unchanged since an earlier import is not read again. \
            Several imports may run at once against the same inventory.

            Prints `imported N new, M known, K skipped` (N and M count distinct certificates, K \
            files). Exit 0, or 1 when files were skipped and no certificate was found at all.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Files or directories to import.", valueName: "path"), completion: .file())
    var paths: [String]

    @Flag(name: [.short, .long], help: "Descend into subdirectories.")
    var recursive = false

    @OptionGroup(title: "Password options (PFX files)") var password: PasswordOptions

    @Option(name: .customLong("vault-profile"), help: ArgumentHelp("Profile whose certificate gets the Key Vault token (keyvault: paths).", valueName: "name"))
    var vaultProfile: String?

    @OptionGroup(title: "Network options (keyvault: paths)") var network: NetworkOptions

    private var vaults: [String] { paths.filter { $0.hasPrefix("keyvault:") } }
    private var files: [String] { paths.filter { !$0.hasPrefix("keyvault:") } }

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one file or directory to import.") }
        if !vaults.isEmpty && vaultProfile == nil {
            throw ValidationError("keyvault: paths need --vault-profile NAME: the profile whose certificate gets the vault token.")
        }
        for vault in vaults {
            do { _ = try VaultScanSource.vaultURL(vault) } catch { throw ValidationError(error.description) }
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        if let vaultProfile, !vaults.isEmpty {
            do {
                let access = try VaultCLI.access(profile: vaultProfile, global: global, network: network, logger: logger)
                let store = try global.openInventory()
                let (outcome, unreadable) = try await VaultScanSource(access: access).importInto(
                    store, vaults: try vaults.map { try VaultScanSource.vaultURL($0) }
                )
                for source in unreadable { Diagnostics.warn("\(source.source): skipped: \(source.reason)") }
                print(
                    "imported \(outcome.addedThumbprints.count) new, \(outcome.knownThumbprints.count) known from \(vaults.count) vault\(vaults.count == 1 ? "" : "s"), \(unreadable.count) skipped"
                )
                if files.isEmpty && outcome.addedThumbprints.isEmpty && outcome.knownThumbprints.isEmpty && !unreadable.isEmpty { throw ExitCode(1) }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                try CommandRunner.run(logger) { throw error }
            }
            if files.isEmpty { return }
        }
        let files = self.files
        let summary = try CommandRunner.run(logger) {
            let importer = InventoryImporter(store: try global.openInventory())
            var progress = ProgressLine()
            defer { progress.clear() }
            return try importer.run(
                InventoryImporter.Request(paths: files, recursive: recursive, passwordReference: password.reference),
                progress: { progress.update("importing: \($0.filesDone)/\($0.filesTotal) files") },
                skipped: { skip in
                    progress.clear()
                    Diagnostics.warn("\(skip.path): skipped: \(skip.reason)")
                }
            )
        }
        for file in summary.ignored { logger.debug("\(file.path): not imported: \(file.reason)") }
        logger.debug("import read \(summary.filesRead) files, \(summary.filesUnchanged) unchanged since the last import")
        print(summary.line)
        if summary.skippedCount > 0 && summary.newCount + summary.knownCount == 0 { throw ExitCode(1) }
    }
}
