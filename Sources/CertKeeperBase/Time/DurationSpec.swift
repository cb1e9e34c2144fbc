import Foundation

/// A length of time as people type it on the command line: `30d`, `2w`, `12h`, compounds such
/// as `1w3d`, and (depending on where) a bare number, minutes, fractions and milliseconds.
///
/// One type, one parser; what differs between options is the `Grammar`:
/// - `.expiry` (scan thresholds, `inventory list --expiring-within`): units `w d h s`, a bare
///   integer means days, and `m` is refused on purpose: in "warn me 3m before expiry" people
///   mean months as often as minutes, and guessing wrong silently moves an alert by three
///   orders of magnitude.
/// - `.timeout` (`rotate --overlap`, `--verify-timeout`): the same plus `m` = minutes, since a
///   timeout or an overlap in months makes no sense. A bare integer still means days.
/// - `.emulator` (`certkeeper-idp serve --replication-delay`, `--token-lifetime`): seconds
///   are the natural unit there, so a bare number means seconds, fractions (`1.5s`) and
///   milliseconds (`500ms`) are accepted.
public struct DurationSpec: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Upper bound: 100 years, far beyond any certificate lifetime, and no overflow risk.
    public static let maximumSeconds: Int64 = 100 * 366 * 86_400

    public struct Grammar: Sendable {
        /// What a number without a unit counts.
        let bareNumberMilliseconds: Int64
        /// `m` is minutes; otherwise it is refused as ambiguous.
        let acceptsMinutes: Bool
        /// Decimal numbers and the `ms` unit.
        let acceptsFractions: Bool
        /// Spellings the error message suggests.
        let examples: String

        public static let expiry = Grammar(
            bareNumberMilliseconds: 86_400_000, acceptsMinutes: false, acceptsFractions: false,
            examples: "30d, 2w, 12h, 1w3d, or a number of days"
        )
        public static let timeout = Grammar(
            bareNumberMilliseconds: 86_400_000, acceptsMinutes: true, acceptsFractions: false,
            examples: "30s, 10m, 24h, 2d or 1w"
        )
        public static let emulator = Grammar(
            bareNumberMilliseconds: 1_000, acceptsMinutes: true, acceptsFractions: true,
            examples: "5s, 500ms, 2m or 1h"
        )
    }

    public let milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public init(seconds: Int64) { self.milliseconds = seconds * 1_000 }

    public static func days(_ days: Int64) -> DurationSpec { DurationSpec(seconds: days * 86_400) }

    /// Whole seconds, rounded down.
    public var seconds: Int64 { milliseconds / 1_000 }

    public var timeInterval: TimeInterval { TimeInterval(milliseconds) / 1_000 }

    /// Parses `text` in `grammar`. Whitespace around the value is ignored, case is not.
    public init(parsing text: String, grammar: Grammar = .expiry) throws(BaseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { throw Self.invalid(text, "it is empty", grammar) }
        if trimmed.allSatisfy({ $0.isASCIIDigit || (grammar.acceptsFractions && $0 == ".") }) {
            self.init(milliseconds: try Self.amount(trimmed, unit: grammar.bareNumberMilliseconds, text, grammar))
            return
        }
        var total: Int64 = 0
        var seenUnits: Set<String> = []
        var number = ""
        var characters = trimmed[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            if character.isASCIIDigit || (grammar.acceptsFractions && character == ".") {
                number.append(character)
                continue
            }
            var unit = String(character)
            if character == "m", grammar.acceptsFractions, characters.first == "s" {
                unit = "ms"
                characters = characters.dropFirst()
            }
            guard let unitMilliseconds = Self.unitMilliseconds(unit, grammar) else {
                if unit == "m" {
                    throw Self.invalid(text, "'m' is ambiguous (minutes or months?): write days, e.g. 90d for three months", grammar)
                }
                throw Self.invalid(text, "'\(unit)' is not a unit (use \(Self.unitList(grammar)))", grammar)
            }
            guard !number.isEmpty else { throw Self.invalid(text, "'\(unit)' has no number before it", grammar) }
            guard seenUnits.insert(unit).inserted else { throw Self.invalid(text, "'\(unit)' appears twice", grammar) }
            total += try Self.amount(number, unit: unitMilliseconds, text, grammar)
            guard total <= Self.maximumSeconds * 1_000 else { throw Self.invalid(text, "it is longer than 100 years", grammar) }
            number = ""
        }
        guard number.isEmpty else {
            throw Self.invalid(text, "\(number) has no unit after it (use \(Self.unitList(grammar)))", grammar)
        }
        self.init(milliseconds: total)
    }

    /// A spelling that parses back to the same value, in days where it can (`30d`, `14d`;
    /// thresholds read as days), otherwise `1d12h`, `90s`, `1s500ms`.
    public var description: String {
        guard milliseconds > 0 else { return "0d" }
        var rest = milliseconds
        var parts = ""
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("s", 1_000), ("ms", 1)] where rest >= size {
            parts += "\(rest / size)\(unit)"
            rest %= size
        }
        return parts
    }

    public static func < (lhs: DurationSpec, rhs: DurationSpec) -> Bool { lhs.milliseconds < rhs.milliseconds }

    private static func unitMilliseconds(_ unit: String, _ grammar: Grammar) -> Int64? {
        switch unit {
        case "w": 604_800_000
        case "d": 86_400_000
        case "h": 3_600_000
        case "m" where grammar.acceptsMinutes: 60_000
        case "s": 1_000
        case "ms" where grammar.acceptsFractions: 1
        default: nil
        }
    }

    private static func unitList(_ grammar: Grammar) -> String {
        grammar.acceptsFractions ? "w, d, h, m, s or ms" : grammar.acceptsMinutes ? "w, d, h, m or s" : "w, d, h or s"
    }

    /// `number` units of `unit` milliseconds, refusing overflow and anything over 100 years.
    private static func amount(_ number: String, unit: Int64, _ text: String, _ grammar: Grammar) throws(BaseError) -> Int64 {
        let limit = maximumSeconds * 1_000
        if number.contains(".") {
            guard number.filter({ $0 == "." }).count == 1, number.first != ".", number.last != ".",
                let value = Double(number), value.isFinite
            else { throw invalid(text, "\(number) is not a number", grammar) }
            let product = (value * Double(unit)).rounded()
            guard product <= Double(limit) else { throw invalid(text, "it is longer than 100 years", grammar) }
            return Int64(product)
        }
        guard let value = Int64(number) else { throw invalid(text, "\(number) is too large", grammar) }
        let (product, overflow) = value.multipliedReportingOverflow(by: unit)
        guard !overflow, product <= limit else { throw invalid(text, "it is longer than 100 years", grammar) }
        return product
    }

    private static func invalid(_ text: String, _ reason: String, _ grammar: Grammar) -> BaseError {
        BaseError(.invalidInput, "duration \"\(text)\" is not valid: \(reason); write e.g. \(grammar.examples)")
    }
}

extension Character {
    /// 0-9 only (`isNumber` alone also accepts other scripts' digits and fractions).
    package var isASCIIDigit: Bool { isASCII && isNumber }
}
