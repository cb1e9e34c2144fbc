import Foundation

/// A length of time as users write it on the command line (DESIGN §3): `30d`, `2w`, `12h`,
/// compounds such as `1w3d` or `2d12h`, and a bare integer meaning days. Units: `w` (weeks),
/// `d` (days), `h` (hours), `m` (minutes), `s` (seconds), each at most once, largest first.
/// Months and years are refused: their length varies, and expiry windows must be exact.
///
/// `scan` extends the grammar with percentages (`66%`, lifetime elapsed); this type is only
/// the duration part.
public struct DurationSpec: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let seconds: Int64

    public init(seconds: Int64) {
        self.seconds = max(0, seconds)
    }

    public static func days(_ days: Int) -> DurationSpec { DurationSpec(seconds: Int64(days) * 86_400) }

    public var timeInterval: TimeInterval { TimeInterval(seconds) }

    /// `date` plus this duration.
    public func after(_ date: Date) -> Date { date.addingTimeInterval(timeInterval) }

    private static let units: [(symbol: Character, seconds: Int64)] = [
        ("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]

    public init(parsing text: String) throws(CoreError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty else { throw Self.error(text) }
        if trimmed.allSatisfy(\.isASCIIDigit) {
            guard let days = Int64(trimmed), days <= Self.maximumDays else { throw Self.error(text) }
            self.init(seconds: days * 86_400)
            return
        }
        if trimmed.contains("mo") || trimmed.contains("y") {
            throw CoreError(.invalidInput, "duration \"\(text)\": months and years vary in length; write days or weeks (90d, 52w)")
        }
        var total: Int64 = 0
        var number = ""
        var nextUnit = 0
        for character in trimmed {
            if character.isASCIIDigit {
                number.append(character)
                continue
            }
            guard let index = Self.units.firstIndex(where: { $0.symbol == character }), index >= nextUnit,
                  let value = Int64(number), value <= Self.maximumDays * 86_400
            else { throw Self.error(text) }
            total += value * Self.units[index].seconds
            number = ""
            nextUnit = index + 1
        }
        guard number.isEmpty, total <= Self.maximumDays * 86_400 else { throw Self.error(text) }
        self.init(seconds: total)
    }

    /// Canonical form, largest units first: `1w3d`, `12h`, `0s`.
    public var description: String {
        guard seconds > 0 else { return "0s" }
        var remaining = seconds
        var result = ""
        for unit in Self.units where remaining >= unit.seconds {
            result += "\(remaining / unit.seconds)\(unit.symbol)"
            remaining %= unit.seconds
        }
        return result
    }

    public static func < (lhs: DurationSpec, rhs: DurationSpec) -> Bool { lhs.seconds < rhs.seconds }

    /// A thousand years: anything longer is a typo, and the bound keeps arithmetic exact.
    private static let maximumDays: Int64 = 365_000

    private static func error(_ text: String) -> CoreError {
        CoreError(
            .invalidInput,
            "duration \"\(text)\" is not understood: write days (30), or amounts with units w, d, h, m, s, largest first (2w, 12h, 1w3d)"
        )
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
