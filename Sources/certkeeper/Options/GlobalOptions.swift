import ArgumentParser
import CertKeeperStore
import Foundation
import Logging

/// Options every command accepts, before or after the subcommand name.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "certkeeper's home directory (inventory, managed keys). Default: $CERTKEEPER_HOME, else ~/.certkeeper.",
            valueName: "dir"
        ),
        completion: .directory
    )
    var home: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The inventory: sqlite:PATH or postgres://USER@HOST:PORT/DB (TLS and passwords: docs/postgres.md). Default: $CERTKEEPER_STORE, else the home's config, else the home's inventory.sqlite.",
            valueName: "url"
        )
    )
    var store: String?

    /// A store URL that cannot work (a password in it, an unknown scheme) is a usage error
    /// (exit 64), found before anything runs.
    func validate() throws {
        let environment = ProcessInfo.processInfo.environment["CERTKEEPER_STORE"]
        guard let text = store.flatMap({ $0.isEmpty ? nil : $0 }) ?? environment.flatMap({ $0.isEmpty ? nil : $0 }) else { return }
        do {
            _ = try StoreLocation.parse(text)
        } catch {
            throw ValidationError(error.description)
        }
    }

    @Flag(name: .long, help: "Debug logging on stderr: file paths, requests, OpenSSL error details. Never secrets.")
    var verbose = false

    /// Sets up swift-log once: stderr, info by default, debug with --verbose or
    /// CERTKEEPER_LOG_LEVEL=debug.
    func makeLogger(label: String = "certkeeper") -> Logger {
        LoggingBootstrap.once(verbose: verbose)
        return Logger(label: label)
    }
}

enum LoggingBootstrap {
    private static let state = BootstrapState()

    static func once(verbose: Bool) {
        state.run {
            let environmentLevel = ProcessInfo.processInfo.environment["CERTKEEPER_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            let level: Logger.Level = verbose ? .debug : (environmentLevel ?? .info)
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}

/// Runs a closure at most once per process (LoggingSystem.bootstrap must not run twice).
final class BootstrapState: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func run(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        body()
    }
}
