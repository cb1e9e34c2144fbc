import CertKeeperBase

/// Reads the text GRDB stores a `Date` as (`2026-01-31 10:00:00.000`, UTC) as whole Unix
/// seconds, digit by digit.
///
/// The scan reads two dates for each of 100,000 rows: SQLite's `strftime('%s', …)` cost
/// about 60 ms of them, GRDB's `Date` decoding more. Any other spelling (a value written
/// by hand, a Julian day number) answers nil, and the caller falls back to GRDB's decoding.
enum StoredTimestamp {
    static func seconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        // "YYYY-MM-DD HH:MM:SS" and an optional ".SSS" (dropped, as strftime('%s') did).
        guard bytes.count == 19 || (bytes.count == 23 && bytes[19] == UInt8(ascii: ".")),
            bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: " "),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(bytes, 0, 4), let month = number(bytes, 5, 2), let day = number(bytes, 8, 2),
            let hour = number(bytes, 11, 2), let minute = number(bytes, 14, 2), let second = number(bytes, 17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        if bytes.count == 23, number(bytes, 20, 3) == nil { return nil }
        return RFC3339.days(fromCivil: year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for index in start..<(start + count) {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }
}
