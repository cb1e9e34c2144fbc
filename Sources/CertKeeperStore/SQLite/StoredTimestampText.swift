import CertKeeperBase
import Foundation
import GRDB

extension StoredTimestamp {
    /// `date` as the text GRDB stores (`2026-01-31 10:00:00.123`, UTC, milliseconds cut),
    /// written digit by digit. GRDB formats a `Date` with a `DateFormatter`, which on Linux
    /// loads ICU (megabytes of resident data) and costs microseconds per call: a directory
    /// sync binds two dates for each of 60,000 credentials. Years outside 0…9999 fall back
    /// to GRDB's own encoding.
    static func value(_ date: Date) -> DatabaseValue {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(23)
        RFC3339.append(date, to: &bytes)
        guard bytes.count == 20 else { return date.databaseValue }
        bytes[10] = UInt8(ascii: " ")
        let seconds = date.timeIntervalSince1970
        let milliseconds = min(Int(((seconds - seconds.rounded(.down)) * 1_000).rounded(.down)), 999)
        bytes[19] = UInt8(ascii: ".")
        bytes.append(UInt8(ascii: "0") + UInt8(milliseconds / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(milliseconds / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(milliseconds % 10))
        return String(decoding: bytes, as: UTF8.self).databaseValue
    }
}
