import CertKeeperBase
import Foundation

/// When a certificate starts to count as a finding: a time left before notAfter (`30d`),
/// or a share of its lifetime already elapsed (`80%`).
public enum ExpiryThreshold: Sendable, Hashable, CustomStringConvertible {
    case remaining(DurationSpec)
    /// Hundredths of a percent (`87.5%` is 8750), so edges compare exactly in integers.
    case lifetimeElapsed(basisPoints: Int64)

    /// Parses a duration (`30d`, `2w`, `1w3d`, `45`) or a percentage (`80%`, `87.5%`).
    public init(parsing text: String) throws(CoreError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("%") else {
            self = .remaining(try CoreError.lifting(try DurationSpec(parsing: trimmed)))
            return
        }
        let number = trimmed.dropLast()
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            parts.count == 1 || (1...2).contains(parts[1].count),
            let whole = Int64(parts[0]), whole <= 100
        else {
            throw CoreError(.invalidInput, "threshold \"\(text)\" is not a percentage from 0% to 100% (at most two decimals, e.g. 80% or 87.5%)")
        }
        let fraction = parts.count == 2 ? Int64(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0
        let basisPoints = whole * 100 + fraction
        guard basisPoints <= 10_000 else {
            throw CoreError(.invalidInput, "threshold \"\(text)\" is above 100%: a lifetime cannot be more than fully elapsed")
        }
        self = .lifetimeElapsed(basisPoints: basisPoints)
    }

    public var description: String {
        switch self {
        case .remaining(let duration): duration.description
        case .lifetimeElapsed(let basisPoints):
            switch basisPoints % 100 {
            case 0: "\(basisPoints / 100)%"
            case let hundredths where hundredths % 10 == 0: "\(basisPoints / 100).\(hundredths / 10)%"
            case let hundredths: "\(basisPoints / 100).\(hundredths < 10 ? "0" : "")\(hundredths)%"
            }
        }
    }

    /// Whether a certificate valid `validity` has reached this threshold at `now` (whole
    /// seconds). Both edges are inclusive: exactly 30 days left is "within 30 days", and
    /// exactly 80% elapsed has reached 80%.
    func isReached(by validity: ValidityWindow, at now: Int64) -> Bool {
        switch self {
        case .remaining(let duration):
            return validity.notAfter - now <= duration.seconds
        case .lifetimeElapsed(let basisPoints):
            // elapsed / lifetime >= bp / 10000, cross-multiplied to stay in integers.
            let elapsed = now - validity.notBefore
            return elapsed * 10_000 >= basisPoints * validity.lifetime
        }
    }

    /// Whether `self` fires no earlier than `other` for every certificate, when the two are
    /// of the same kind (nil when they cannot be compared: a duration and a percentage).
    func isAtLeastAsStrict(as other: ExpiryThreshold) -> Bool? {
        switch (self, other) {
        case (.remaining(let mine), .remaining(let theirs)): mine <= theirs
        case (.lifetimeElapsed(let mine), .lifetimeElapsed(let theirs)): mine >= theirs
        default: nil
        }
    }
}

/// A validity period in whole seconds since 1970 (what certificates carry).
struct ValidityWindow: Sendable {
    let notBefore: Int64
    let notAfter: Int64

    init(notBefore: Date, notAfter: Date) {
        self.notBefore = Int64(notBefore.timeIntervalSince1970.rounded(.down))
        self.notAfter = Int64(notAfter.timeIntervalSince1970.rounded(.down))
    }

    /// At least one second, so a degenerate certificate (notBefore == notAfter) never divides by zero.
    var lifetime: Int64 { max(notAfter - notBefore, 1) }
}
