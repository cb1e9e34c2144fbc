import CertKeeperBase
import Foundation

/// A statement parameter in PostgreSQL's text format (the only format certkeeper sends).
protocol PostgresEncodable {
    var postgresText: String { get }
}

extension String: PostgresEncodable {
    var postgresText: String { self }
}

extension Int: PostgresEncodable {
    var postgresText: String { String(self) }
}

extension Int64: PostgresEncodable {
    var postgresText: String { String(self) }
}

/// Booleans are 0/1 smallints, as in the SQLite schema.
extension Bool: PostgresEncodable {
    var postgresText: String { self ? "1" : "0" }
}

/// Dates are UTC text, as in the SQLite schema.
extension Date: PostgresEncodable {
    var postgresText: String { PostgresDateText.format(self) }
}

/// A bytea in hex input format.
struct PostgresBytes: PostgresEncodable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var postgresText: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: 2 + bytes.count * 2)
        text[0] = UInt8(ascii: "\\")
        text[1] = UInt8(ascii: "x")
        for (offset, byte) in bytes.enumerated() {
            text[2 + offset * 2] = digits[Int(byte >> 4)]
            text[3 + offset * 2] = digits[Int(byte & 0x0F)]
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// 'YYYY-MM-DD HH:MM:SS.SSS' in UTC: the representation both schemas store (it sorts as
/// text), converted without Foundation's date formatters (a scan converts 200,000 dates).
enum PostgresDateText {
    static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let seconds = Int64(interval.rounded(.down))
        // Nearest millisecond (a Double loses the last digit of far dates), never 1000.
        let milliseconds = min(999, Int64(((interval - Double(seconds)) * 1000).rounded()))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = RFC3339.civil(fromDays: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(milliseconds, 3))"
    }

    /// Accepts 'YYYY-MM-DD HH:MM:SS' with an optional fraction (and 'T' for the space).
    static func parse(_ text: String) -> Date? {
        var utf8 = text.utf8.makeIterator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(23)
        while let byte = utf8.next() { bytes.append(byte) }
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var fraction = 0.0
        if bytes.count > 20, bytes[19] == UInt8(ascii: ".") {
            guard let digits = number(20..<bytes.count) else { return nil }
            fraction = Double(digits) / pow(10, Double(bytes.count - 20))
        } else if bytes.count != 19 {
            return nil
        }
        let days = RFC3339.days(fromCivil: year, month, day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction)
    }
}
