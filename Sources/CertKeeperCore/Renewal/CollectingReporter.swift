import Foundation

/// The reporter one profile's renewal runs with: progress and warnings go on to the
/// command's reporter, prefixed with the profile; instructions for a person are kept for
/// the report (a nightly job's reader sees them per profile, not interleaved), and so are
/// warnings.
final class CollectingReporter: RotationReporter, @unchecked Sendable {
    private let base: any RotationReporter
    private let prefix: String
    private let lock = NSLock()
    private var collectedInstructions: [String] = []
    private var collectedWarnings: [String] = []

    init(base: any RotationReporter, profile: String) {
        self.base = base
        prefix = "\(profile): "
    }

    func progress(_ message: String) { base.progress(prefix + message) }

    func instructions(_ lines: [String]) {
        lock.withLock { collectedInstructions += lines }
    }

    func warning(_ message: String) {
        lock.withLock { collectedWarnings.append(message) }
        base.warning(prefix + message)
    }

    /// Instructions first (what a person must do), then warnings.
    var details: [String] {
        lock.withLock { collectedInstructions + collectedWarnings.map { "warning: \($0)" } }
    }
}

extension RotationContext {
    /// The same context telling `reporter` instead.
    func reporting(to reporter: any RotationReporter) -> RotationContext {
        RotationContext(
            store: store, home: home, logger: logger, reporter: reporter, secrets: secrets, transport: transport,
            clock: clock, sleep: sleep, maximumBackoff: maximumBackoff, faults: faults
        )
    }
}
