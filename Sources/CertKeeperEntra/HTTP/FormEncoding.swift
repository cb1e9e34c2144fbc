/// `application/x-www-form-urlencoded` bodies, percent-encoded here rather than by
/// `URLComponents`, which leaves `+` alone: servers read a bare `+` as a space, which corrupts
/// scopes and passwords (a percent-encoded `+` is the only safe spelling).
public enum FormEncoding {
    public static let contentType = "application/x-www-form-urlencoded"

    public static func encode(_ fields: [(String, String)]) -> [UInt8] {
        Array(fields.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&").utf8)
    }

    /// Everything except RFC 3986 unreserved characters is escaped.
    public static func percentEncode(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
