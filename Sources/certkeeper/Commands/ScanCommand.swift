import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto
import Foundation

struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Report certificates that expire soon; exit non-zero for pipelines.",
        discussion: """
            Sources: the inventory (when it exists; every certificate but retired \
            ones; skip it with --no-inventory), the profiles' active certificates \
            (marked with the profile names), and every PATH given: files (PEM, DER, \
            PFX) or directories, walked recursively (hidden entries skipped; only \
            .pem .crt .cer .cert .der .pfx .p12 files read). With --no-inventory no \
            home directory is needed, so a pipeline can scan a checkout. A \
            certificate found in several places is reported once, with all of them \
            (file paths absolute, as the inventory records them).

            Leaf certificates only, unless --bundle: a PFX's key certificate; in \
            PEM and DER files the certificates that are not CAs (basicConstraints \
            CA:TRUE), or, in a file holding only CA certificates, the one that \
            issued none of the others. PFX files are tried without a password and \
            with the empty one, then with --password-env or --password-file; a \
            scan never prompts (it runs unattended).

            STATUS
              ok             more time left than --warn
              warning        --warn reached (default 30d)
              critical       --crit reached (default 7d)
              expired        notAfter has passed
              not_yet_valid  notBefore is in the future (a warning for --fail-on)
              error          the source could not be read; the reason is shown
            Thresholds are durations before notAfter (30d, 2w, 12h, 1w3d; a bare \
            number is days) or percentages of the lifetime elapsed (80%). Both \
            edges are inclusive: exactly 30 days left is a warning under --warn 30d.

            FORMATS
              table    sorted by notAfter; colored on a terminal unless NO_COLOR
              json     schema certkeeper.scan/v1 (docs/scan.md, "Scan JSON")
              junit    one testcase per certificate; failure at --fail-on
              prometheus  textfile collector, x509-certificate-exporter names
              github, azure-devops  CI annotations
              html     one self-contained page: counts, a timeline of every
                       certificate, a sortable table (docs/scan.md)
            --output F writes the report atomically (temporary file + rename), for \
            example into node_exporter's textfile directory.

            EXIT CODES
              0   nothing at or above --fail-on (default: warning)
              1   runtime error (a PATH that does not exist, an unreadable
                  inventory, …); with --fail-on error, an unreadable source
              2   a certificate at warning level (or not yet valid)
              3   a certificate at critical level
              4   an expired certificate (or an app without a valid credential)
              64  usage error
            The code is that of the worst certificate found, when it is at or \
            above --fail-on. An unreadable file or directory is reported (status \
            error) but fails the run only with --fail-on error, so one broken file \
            in a checkout shows up without blocking every build. --fail-on never \
            reports and exits 0. The report is always written first.

            DIRECTORY (certkeeper directory sync)
              Once a tenant has been synced, the scan also judges every certificate
              and client secret of its applications and service principals, by
              default (--no-directory skips them; --directory requires a synced
              tenant). Source app:APPID/KEYID or sp:APPID/KEYID. More statuses:
              no_valid_credential    every credential of the app has expired: it
                                     cannot authenticate (as bad as expired)
              client_secret          a valid client secret of an application:
                                     migrate to a certificate
              unmanaged_certificate  a valid certificate of an application that
                                     no profile and no file on this host holds
              The last two are reported without failing the run unless --warn-on
              names them (then they count as warnings for --fail-on).

            KEY VAULT
              --keyvault https://VAULT.vault.azure.net (repeatable) adds every enabled
              certificate's current version in the vault, source
              keyvault:URL/certificates/NAME. The token comes from --vault-profile's
              certificate; the app needs Key Vault Certificate User or Reader on the
              vault. A vault that cannot be read is one error entry.

            EXAMPLES
              certkeeper scan ./certs --no-inventory --format junit --output scan.xml
              certkeeper scan --keyvault https://kv.vault.azure.net --vault-profile app
              certkeeper scan --format prometheus --output /var/lib/node/ck.prom
              certkeeper scan ./certs --no-inventory --warn 80% --crit 95%
              certkeeper scan --at 2026-12-31 --fail-on never
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Certificate files or directories to scan.", valueName: "path"), completion: .file())
    var paths: [String] = []

    @Flag(name: .customLong("no-inventory"), help: "Scan only the PATHs: do not open the inventory (no home directory needed).")
    var noInventory = false

    @Option(
        name: .long, help: ArgumentHelp("Warning threshold: a duration before expiry (30d, 2w, 1w3d) or lifetime elapsed (80%).", valueName: "threshold"),
        transform: ScanCommand.threshold)
    var warn: ExpiryThreshold = ExpiryPolicy.defaultWarning

    @Option(
        name: .long, help: ArgumentHelp("Critical threshold, same forms as --warn.", valueName: "threshold"),
        transform: ScanCommand.threshold)
    var crit: ExpiryThreshold = ExpiryPolicy.defaultCritical

    @Option(name: .customLong("fail-on"), help: "Lowest status that fails the run: never, warning, critical, expired, or error (warning, plus unreadable sources).")
    var failOn: FailOn = .warning

    @Option(name: .long, help: "Report format.")
    var format: ScanFormat = .table

    @Option(
        name: .long, help: ArgumentHelp("Write the report to this file (atomically, mode 0644) instead of stdout.", valueName: "file"),
        completion: .file())
    var output: String?

    @Flag(name: .long, help: "Report every certificate of each file (chains, CA bundles), not only leaves.")
    var bundle = false

    @Option(
        name: .long, help: ArgumentHelp("Judge expiry as of this time instead of now (2026-12-31 or 2026-12-31T00:00:00Z).", valueName: "time"),
        transform: ScanCommand.instant)
    var at: Date?

    @OptionGroup(title: "Password options (PFX files)") var password: PasswordOptions

    @Flag(
        inversion: .prefixedNo,
        help: "Judge the synced tenants' app credentials (default: on once a tenant has been synced).")
    var directory: Bool?

    @Option(
        name: .customLong("warn-on"),
        help: ArgumentHelp("A directory finding that counts as a warning for --fail-on (repeatable).", valueName: "finding"))
    var warnOn: [DirectoryFinding] = []

    @Option(name: .customLong("keyvault"), help: ArgumentHelp("A vault to scan, https://VAULT.vault.azure.net (repeatable).", valueName: "url"))
    var vaults: [String] = []

    @Option(name: .customLong("vault-profile"), help: ArgumentHelp("Profile whose certificate gets the Key Vault token.", valueName: "name"))
    var vaultProfile: String?

    @OptionGroup(title: "Network options (--keyvault)") var network: NetworkOptions

    func validate() throws {
        do { _ = try ExpiryPolicy(warning: warn, critical: crit) } catch { throw ValidationError(error.description) }
        if noInventory && directory == true {
            throw ValidationError("--directory reads the synced tenants from the inventory: drop --no-inventory.")
        }
        if noInventory && paths.isEmpty && vaults.isEmpty {
            throw ValidationError("--no-inventory needs at least one PATH or --keyvault to scan.")
        }
        if !vaults.isEmpty && vaultProfile == nil {
            throw ValidationError("--keyvault needs --vault-profile NAME: the profile whose certificate gets the vault token.")
        }
        for vault in vaults {
            do { _ = try VaultScanSource.vaultURL(vault) } catch { throw ValidationError(error.description) }
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        var fromVaults: PathScanner.Result?
        if let vaultProfile, !vaults.isEmpty {
            do {
                let access = try VaultCLI.access(profile: vaultProfile, global: global, network: network, logger: logger)
                fromVaults = await VaultScanSource(access: access).read(try vaults.map { try VaultScanSource.vaultURL($0) })
            } catch {
                try CommandRunner.run(logger) { throw error }
            }
        }
        let exitCode = try CommandRunner.run(logger) { () throws -> Int32 in
            let policy = try ExpiryPolicy(warning: warn, critical: crit)
            let writer = SecureFileWriter(overwrite: true)
            if let output { try writer.checkWritable([output]) }
            let scanner = PathScanner(selection: bundle ? .everyCertificate : .leavesOnly, passwordReference: password.reference, logger: logger)
            var files = try scanner.scan(paths)
            if let fromVaults { files.merge(fromVaults) }
            var inventory: InventoryScanSource?
            var tenants: DirectoryScanSource?
            if !noInventory {
                let home = try CertKeeperHome.resolve(option: global.home, environment: ProcessInfo.processInfo.environment)
                inventory = try InventoryScanSource.openIfPresent(in: home, store: global.store)
                if directory != false { tenants = try DirectoryScanSource.openIfSynced(in: home, store: global.store) }
                if directory == true && tenants == nil {
                    throw CoreError(.notFound, "--directory: no tenant has been synced into the inventory: run certkeeper directory sync -p PROFILE first")
                }
                if inventory == nil && paths.isEmpty && vaults.isEmpty {
                    throw CoreError(
                        .fileNotFound,
                        "nothing to scan: no inventory in \(home.path) (build one with `certkeeper inventory import PATH`), and no PATH given"
                    )
                }
            }
            let report = ExpiryScanReport(
                now: at ?? Date(), policy: policy, failOn: failOn, warnOn: Set(warnOn.map(\.status)), files: files, inventory: inventory,
                directory: tenants)
            let renderer = format.renderer(colored: output == nil && ScanCommand.colorsWanted)
            if let output {
                try writer.stream(to: output, mode: .publicFile, wrapping: { CoreError($0) }) { (stream) throws(CoreError) in
                    try renderer.render(report, to: stream)
                }
            } else {
                let stream = ByteStream.standardOutput()
                try renderer.render(report, to: stream)
                try CoreError.lifting(try stream.flush())
            }
            let summary = try report.summary()
            let code = summary.exitCode(failOn: failOn)
            // The table already ends with the summary; other formats are for machines, and a
            // report written to a file leaves the terminal empty: say what happened on stderr.
            let line = "scan: \(ScanWording.summary(summary))\(output.map { "; report written to \($0)" } ?? ""); exit \(code)"
            if output != nil || format != .table { logger.info("\(line)") } else { logger.debug("\(line)") }
            return code
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }

    /// Color only for a terminal, and never with NO_COLOR set (https://no-color.org) or TERM=dumb.
    static var colorsWanted: Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }

    static func threshold(_ text: String) throws -> ExpiryThreshold {
        do { return try ExpiryThreshold(parsing: text) } catch { throw ValidationError(error.description) }
    }

    static func instant(_ text: String) throws -> Date {
        if let date = RFC3339.date(from: text) ?? RFC3339.date(from: text + "T00:00:00Z") { return date }
        throw ValidationError("--at \"\(text)\" is not a date: write 2026-12-31 or 2026-12-31T00:00:00Z (UTC)")
    }
}

/// `scan --warn-on`: the directory findings that can count as warnings.
enum DirectoryFinding: String, ExpressibleByArgument, CaseIterable {
    case clientSecret = "client_secret"
    case unmanagedCertificate = "unmanaged_certificate"

    var status: ScanStatus {
        switch self {
        case .clientSecret: .clientSecret
        case .unmanagedCertificate: .unmanagedCertificate
        }
    }
}
