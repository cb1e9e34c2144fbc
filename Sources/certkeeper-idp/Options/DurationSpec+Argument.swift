import ArgumentParser
import CertKeeperBase

/// Emulator durations (`--replication-delay 5s`, `--token-lifetime 3599s`): a bare number is
/// seconds, `500ms` and `1.5s` are accepted (DurationSpec.Grammar.emulator).
extension DurationSpec: ExpressibleByArgument {
    public init?(argument: String) {
        guard let parsed = try? DurationSpec(parsing: argument, grammar: .emulator) else { return nil }
        self = parsed
    }

    public var defaultValueDescription: String { description }
}
