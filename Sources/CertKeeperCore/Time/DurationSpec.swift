import Foundation

/// A length of time as people type it on the command line: `30d`, `2w`, `12h`, compounds
/// such as `1w3d`, and a bare integer meaning days (docs/scan.md).
///
/// Units are `w` (weeks), `d` (days), `h` (hours) and `s` (seconds, for exact values printed
/// back by `description`). `m` is refused on purpose: in
/// "warn me 3m before expiry" people mean months as often as minutes, and guessing wrong
/// silently moves an alert by three orders of magnitude.
public struct DurationSpec: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Upper bound: 100 years, far beyond any certificate lifetime, and no overflow risk.
    public static let maximumSeconds: Int64 = 100 * 366 * 86_400

    public let seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public static func days(_ days: Int64) -> DurationSpec { DurationSpec(seconds: days * 86_400) }

    public var timeInterval: TimeInterval { TimeInterval(seconds) }

    /// Parses `30d`, `2w`, `12h`, `1w3d`, `36` (days). Whitespace around the value is ignored.
    public init(parsing text: String) throws(CoreError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { throw Self.invalid(text, "it is empty") }
        if trimmed.allSatisfy(\.isASCIIDigit) {
            self = try Self.checked(Self.number(trimmed, in: text), unit: 86_400, text: text)
            return
        }
        var total: Int64 = 0
        var seenUnits: Set<Character> = []
        var digits = ""
        for character in trimmed {
            if character.isASCIIDigit {
                digits.append(character)
                continue
            }
            guard let unitSeconds = Self.unitSeconds[character] else {
                if character == "m" {
                    throw Self.invalid(text, "'m' is ambiguous (minutes or months?): write days, e.g. 90d for three months")
                }
                throw Self.invalid(text, "'\(character)' is not a unit (use w, d, h or s)")
            }
            guard !digits.isEmpty else { throw Self.invalid(text, "'\(character)' has no number before it") }
            guard seenUnits.insert(character).inserted else { throw Self.invalid(text, "'\(character)' appears twice") }
            total += try Self.checked(Self.number(digits, in: text), unit: unitSeconds, text: text).seconds
            guard total <= Self.maximumSeconds else { throw Self.invalid(text, "it is longer than 100 years") }
            digits = ""
        }
        guard digits.isEmpty else { throw Self.invalid(text, "\(digits) has no unit after it (use w, d, h or s)") }
        self.seconds = total
    }

    /// A spelling that parses back to the same value, in days where it can (`30d`, `14d`;
    /// thresholds read as days), otherwise `1d12h`, `90s`.
    public var description: String {
        guard seconds > 0 else { return "0d" }
        var rest = seconds
        var parts = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("s", 1)] where rest >= size {
            parts += "\(rest / size)\(unit)"
            rest %= size
        }
        return parts
    }

    public static func < (lhs: DurationSpec, rhs: DurationSpec) -> Bool { lhs.seconds < rhs.seconds }

    private static let unitSeconds: [Character: Int64] = ["w": 604_800, "d": 86_400, "h": 3_600, "s": 1]

    private static func number(_ digits: String, in text: String) throws(CoreError) -> Int64 {
        guard let value = Int64(digits) else { throw invalid(text, "\(digits) is too large") }
        return value
    }

    private static func checked(_ value: Int64, unit: Int64, text: String) throws(CoreError) -> DurationSpec {
        let (product, overflow) = value.multipliedReportingOverflow(by: unit)
        guard !overflow, product <= maximumSeconds else { throw invalid(text, "it is longer than 100 years") }
        return DurationSpec(seconds: product)
    }

    private static func invalid(_ text: String, _ reason: String) -> CoreError {
        CoreError(.invalidInput, "duration \"\(text)\" is not valid: \(reason); write e.g. 30d, 2w, 12h, 1w3d, or a number of days")
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
