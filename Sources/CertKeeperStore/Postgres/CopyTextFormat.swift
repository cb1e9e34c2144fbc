/// Rows in the text format of PostgreSQL's `COPY … FROM STDIN`: one line per row, values
/// separated by tabs, `\N` for NULL, backslash escapes for backslash, tab, newline and
/// carriage return (so hostile text cannot end a row or a value early), bytea as `\\x` + hex
/// (the hex input format, its backslash escaped).
enum CopyTextFormat {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func encode(_ rows: [[CopiedValue]]) throws(PostgresError) -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(rows.count * 256)
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { data.append(UInt8(ascii: "\t")) }
                switch value {
                case .null:
                    data.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
                case .integer(let number):
                    data.append(contentsOf: String(number).utf8)
                case .text(let text):
                    for byte in text.utf8 {
                        switch byte {
                        case 0:
                            throw PostgresError(sqlState: "22021", message: "a value contains a NUL character, which PostgreSQL text cannot hold", isConnectionFailure: false)
                        case UInt8(ascii: "\\"): data.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                        case UInt8(ascii: "\t"): data.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                        case UInt8(ascii: "\n"): data.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                        case UInt8(ascii: "\r"): data.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                        default: data.append(byte)
                        }
                    }
                case .blob(let bytes):
                    data.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\"), UInt8(ascii: "x")])
                    for byte in bytes {
                        data.append(hexDigits[Int(byte >> 4)])
                        data.append(hexDigits[Int(byte & 0x0F)])
                    }
                }
            }
            data.append(UInt8(ascii: "\n"))
        }
        return data
    }
}
