import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

struct DirectorySyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Read every application and service principal of a tenant from Graph.",
        discussion: """
            The profile's certificate gets a Microsoft Graph token (the app needs the
            application permission Application.Read.All, granted by an administrator);
            GET /v1.0/applications and /v1.0/servicePrincipals are read 999 at a time,
            following @odata.nextLink only on the profile's Graph host. 429 and 5xx
            answers are retried after Retry-After. Pages are staged as they arrive;
            only a complete read replaces the tenant's snapshot, in one transaction,
            and the history records what appeared and vanished since the last sync.
            A failed or interrupted sync leaves the previous snapshot as it was.

            Progress goes to stderr when it is a terminal; a summary to stdout.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: [.customShort("p"), .long], help: ArgumentHelp("The profile whose app reads the directory.", valueName: "name"))
    var profile: String

    @OptionGroup(title: "Password options (the profile's certificate)") var password: PasswordOptions

    @OptionGroup(title: "Network options") var network: NetworkOptions

    /// Runs right after parsing, before any work starts other threads.
    func validate() throws { MallocArenas.limitToOne() }

    func run() async throws {
        let logger = global.makeLogger()
        let transport = try network.transport(logger: logger)
        try await CommandRunner.run(logger) {
            let environment = ProcessInfo.processInfo.environment
            let store = try global.openInventory()
            let stored = try ProfileService(store: store).profile(profile)
            let source = try ProfileTokenSource(profile: stored, override: password.reference) { (reference, purpose) throws(CoreError) -> Secret in
                try reference.resolve(purpose: purpose, environment: environment)
            }
            for warning in source.warnings { logger.warning("\(warning)") }
            var settings = source.settings
            settings.scope = stored.settings.graphScope
            let token = try await TokenService(cache: nil, logger: logger, transport: transport, timeout: network.timeout)
                .token(settings, credential: source.credential, useCache: false).token
            let progress = SyncProgress()
            let reader: GraphDirectoryReader
            do throws(EntraError) {
                reader = try GraphDirectoryReader(
                    endpoint: stored.settings.graphEndpoint, transport: transport, timeout: network.timeout,
                    onBackoff: { status, seconds in
                        logger.info("Graph answered HTTP \(status): retrying in \(Int(seconds.rounded(.up))) s")
                    })
            } catch {
                throw CoreError.identityPlatform(error)
            }
            let outcome: DirectorySyncOutcome
            do {
                outcome = try await DirectorySyncService(store: store, reader: reader).sync(
                    tenantID: stored.settings.tenantID, profileName: stored.name, token: token, progress: progress.show
                )
            } catch {
                progress.finish()
                throw error
            }
            progress.finish()
            print(Self.summary(outcome, tenant: stored.settings.tenantID))
        }
    }

    static func summary(_ outcome: DirectorySyncOutcome, tenant: String) -> String {
        let totals = "\(outcome.applications) applications, \(outcome.servicePrincipals) service principals, \(outcome.credentials) credentials"
        if outcome.firstSync { return "synced tenant \(tenant): \(totals) (first sync: the baseline for future changes)" }
        return "synced tenant \(tenant): \(totals); since the last sync: \(outcome.credentialsAdded) credentials added, "
            + "\(outcome.credentialsRemoved) removed, \(outcome.objectsAdded) objects appeared, \(outcome.objectsRemoved) vanished (certkeeper history)"
    }
}

/// One line rewritten in place on stderr, only when stderr is a terminal.
final class SyncProgress: @unchecked Sendable {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var shown = false

    var show: DirectorySyncService.Progress {
        { [self] collection, page, objects in
            guard enabled else { return }
            lock.withLock {
                shown = true
                FileHandle.standardError.write(Data("\r\u{1B}[Kdirectory sync: \(collection.rawValue) page \(page), \(objects) objects".utf8))
            }
        }
    }

    func finish() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\n".utf8)) }
            shown = false
        }
    }
}
