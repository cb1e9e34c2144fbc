import CertKeeperBase
import CertKeeperCore

/// Durations and thresholds given on the command line (`--warn 30d`, `--critical 10%`,
/// `--overlap 24h`, the emulator's `--replication-delay 1.5s`), in each grammar: parse or
/// refuse, never trap on overflow; what parses prints back to text that parses to the same
/// value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDuration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    for grammar in [DurationSpec.Grammar.expiry, .timeout, .emulator] {
        guard let duration = try? DurationSpec(parsing: text, grammar: grammar) else { continue }
        precondition(
            duration.milliseconds >= 0 && duration.seconds <= DurationSpec.maximumSeconds, "\(text.debugDescription) gave \(duration.milliseconds) ms"
        )
        let again = try? DurationSpec(parsing: duration.description, grammar: grammar)
        precondition(again == duration, "\(text.debugDescription) does not round-trip via \(duration)")
    }
    if let threshold = try? ExpiryThreshold(parsing: text) {
        precondition((try? ExpiryThreshold(parsing: threshold.description)) == threshold, "\(text.debugDescription) does not round-trip via \(threshold)")
    }
    return 0
}
