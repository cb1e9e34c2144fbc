import Foundation

/// JSON with the conventions of the services the emulator stands in for: sorted keys
/// (stable output), `/` not escaped (URLs stay readable).
enum JSON {
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings, numbers and arrays cannot fail.
        return (try? [UInt8](encoder.encode(value))) ?? Array("{}".utf8)
    }

    /// Decodes, or nil for anything that is not `T` (callers answer "malformed").
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(bytes))
    }
}
