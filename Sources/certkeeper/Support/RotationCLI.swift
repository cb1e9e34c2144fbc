import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto
import CertKeeperHTTP
import CertKeeperStore
import Foundation
import Logging

/// The rotation commands' edge: builds the engine from the home and the environment, asks
/// for confirmation, and turns outcomes into output and exit codes.
enum RotationCLI {
    /// `network`: the options of a command that talks to Entra ID (start, resume, rollback);
    /// the others never send a request and get a transport with the system roots only.
    static func engine(global: GlobalOptions, logger: Logger, network: NetworkOptions? = nil) throws -> RotationEngine {
        let home = try global.resolveHome()
        let store = try home.openInventory(store: global.store)
        let environment = ProcessInfo.processInfo.environment
        let secrets = ResolvedSecrets()
        let transport = try network?.transport(logger: logger) ?? CurlTransport.systemTrustOnly
        let context = RotationContext(
            store: store, home: home, logger: logger, reporter: ConsoleRotationReporter(),
            secrets: { (reference, purpose) throws(CoreError) -> Secret in
                try secrets.value(for: reference) { () throws(CoreError) -> Secret in
                    try reference.resolve(purpose: purpose, environment: environment, terminal: TerminalPasswordPrompter())
                }
            },
            transport: transport, requestTimeout: network?.timeout ?? 30,
            faults: FaultInjection(point: environment[FaultInjection.environmentVariable])
        )
        return RotationEngine(context: context)
    }

    /// Shows the plan and asks on the terminal, unless --yes. Without a terminal --yes is
    /// required: a scheduled job must say it means it.
    static func confirm(plan: RotationPlan, yes: Bool) throws {
        guard !yes else { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CoreError(.invalidInput, "rotate start changes the app registration and the profile: pass --yes to confirm (or --dry-run to see the plan)")
        }
        FileHandle.standardError.write(Data((plan.lines.dropLast().joined(separator: "\n") + "\nProceed? [y/N] ").utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            throw CoreError(.invalidInput, "rotation not started (not confirmed)")
        }
    }

    /// Prints where the rotation stopped; a rollback is a failure (exit 1).
    static func finish(_ outcome: RotationOutcome) throws {
        let rotation = outcome.rotation
        let name = "rotation #\(rotation.revision) of profile \(rotation.profileName)"
        switch outcome {
        case .completed:
            print("\(name): completed")
        case .waitingForRegistration:
            print("\(name): staged, waiting for the new certificate to be uploaded; then run certkeeper rotate resume -p \(rotation.profileName)")
        case .waitingForOverlap(_, let until):
            print("\(name): promoted; the old certificate is retired after \(RFC3339.string(from: until)) by certkeeper rotate resume -p \(rotation.profileName)")
        case .rolledBack(_, let cause):
            print("\(name): rolled_back (the profile kept its certificate)")
            throw cause
        }
    }
}

/// A rotation opens the same files at several steps; a `prompt` reference must ask the
/// operator once per run, not once per step. Held in memory for the command's life only.
final class ResolvedSecrets: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [SecretReference: Secret] = [:]

    func value(for reference: SecretReference, resolve: () throws(CoreError) -> Secret) throws(CoreError) -> Secret {
        lock.lock()
        defer { lock.unlock() }
        if let known = values[reference] { return known }
        let secret = try resolve()
        values[reference] = secret
        return secret
    }
}

/// Progress to stderr, instructions to stdout (they are what the operator acts on).
/// Subjects and server messages in them are escaped: one message stays one line.
struct ConsoleRotationReporter: RotationReporter {
    func progress(_ message: String) { FileHandle.standardError.write(Data("certkeeper: \(TerminalText.escaped(message))\n".utf8)) }
    func instructions(_ lines: [String]) { print(lines.map(TerminalText.escaped).joined(separator: "\n")) }
    func warning(_ message: String) { FileHandle.standardError.write(Data("certkeeper: warning: \(TerminalText.escaped(message))\n".utf8)) }
}

enum RotationArguments {
    /// `--overlap`, `--verify-timeout`: 24h, 2d, 90s, 10m (DurationSpec.Grammar.timeout); `0`
    /// means none.
    static func duration(_ text: String, option: String) throws -> TimeInterval {
        do { return try DurationSpec(parsing: text, grammar: .timeout).timeInterval } catch {
            throw ValidationError("\(option) \"\(text)\" is not a duration such as 30s, 10m, 24h, 2d or 1w.")
        }
    }

    static func hookTimeout(_ text: String) throws -> TimeInterval {
        let timeout = try duration(text, option: "--hook-timeout")
        guard timeout > 0 else { throw ValidationError("--hook-timeout must be longer than 0.") }
        return timeout
    }
}
