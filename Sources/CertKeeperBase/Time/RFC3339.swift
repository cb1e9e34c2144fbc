import Foundation

/// The one RFC 3339 formatter and parser: inventory JSON, scan reports, Graph keyCredentials,
/// rotation records and the emulator's answers all print times as `2026-01-01T00:00:00Z`.
public enum RFC3339 {
    /// Parses `2026-01-01T00:00:00Z`, with optional fractional seconds or a numeric offset.
    public static func date(from text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// `2026-01-01T00:00:00Z` (UTC, whole seconds, rounded down).
    ///
    /// Computed directly from the epoch (Howard Hinnant's days-to-civil algorithm) rather
    /// than with ISO8601DateFormatter: a scan prints two dates for each of 100,000
    /// certificates, and the formatter costs microseconds per call.
    public static func string(from date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2026-01-31T10:00:00.1234567Z` when `date` has a fraction of a second (seven digits,
    /// .NET ticks, as Microsoft Graph prints secrets' dates), else `string(from:)`.
    public static func preciseString(from date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let ticks = Int(((seconds - whole) * 10_000_000).rounded())
        guard ticks > 0, ticks < 10_000_000 else { return string(from: date) }
        let base = string(from: Date(timeIntervalSince1970: whole))
        return String(base.dropLast()) + "." + String(format: "%07d", ticks) + "Z"
    }

    /// Appends the same 20 bytes to `bytes` without building a String.
    public static func append(_ date: Date, to bytes: inout [UInt8]) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        digits(year, 4, &bytes)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2, &bytes)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2, &bytes)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3_600, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2, &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Zero-padded to `width` digits (years outside 0…9999 print all their digits).
    private static func digits(_ value: Int64, _ width: Int, _ bytes: inout [UInt8]) {
        if value < 0 || value >= 10_000 {
            bytes.append(contentsOf: String(value).utf8)
            return
        }
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
