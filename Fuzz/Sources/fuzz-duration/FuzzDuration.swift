import CertKeeperCore
import CertKeeperIdP

/// Durations and thresholds given on the command line (`--warn 30d`, `--critical 10%`,
/// `--overlap 24h`, the emulator's `--replication-delay 3s`): parse or refuse, never trap on
/// overflow; what parses prints back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDuration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    if let duration = try? DurationSpec(parsing: text) {
        precondition(duration.seconds >= 0 && duration.seconds <= DurationSpec.maximumSeconds, "\(text.debugDescription) gave \(duration.seconds) s")
        precondition((try? DurationSpec(parsing: duration.description)) == duration, "\(text.debugDescription) does not round-trip via \(duration)")
    }
    if let threshold = try? ExpiryThreshold(parsing: text) {
        precondition((try? ExpiryThreshold(parsing: threshold.description)) == threshold, "\(text.debugDescription) does not round-trip via \(threshold)")
    }
    if let seconds = try? DurationOption.seconds(parsing: text) {
        precondition(seconds.isFinite && seconds >= 0, "\(text.debugDescription) gave \(seconds) s")
    }
    return 0
}
