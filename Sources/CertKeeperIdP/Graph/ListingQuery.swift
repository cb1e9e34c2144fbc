import CertKeeperCrypto
import Foundation

/// The OData options of a collection request: `$select`, `$top` (1–999, default 100, as
/// Graph) and `$skiptoken`. Other `$` options are refused rather than silently ignored.
struct ListingQuery: Equatable {
    static let defaultPageSize = 100
    static let maximumPageSize = 999

    /// Canonical property names in request order; nil: the default set.
    var select: [String]?
    var top: Int
    var skipToken: String?

    init(rawQuery: String?, collection: DirectoryCollection) throws(GraphError) {
        select = nil
        top = Self.defaultPageSize
        skipToken = nil
        for pair in (rawQuery ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0]).lowercased()
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            switch name {
            case "$select":
                select = try value.split(separator: ",").map { item throws(GraphError) in
                    try ListedProperty.canonical(String(item).trimmingCharacters(in: .whitespaces), in: collection)
                }
            case "$top":
                guard let size = Int(value) else {
                    throw .badRequest("Invalid page size specified: '\(value)'. Must be between 1 and \(Self.maximumPageSize) inclusive.")
                }
                guard (1...Self.maximumPageSize).contains(size) else {
                    throw GraphError(
                        status: 400, code: "Request_UnsupportedQuery",
                        message: "Invalid page size specified: '\(size)'. Must be between 1 and \(Self.maximumPageSize) inclusive."
                    )
                }
                top = size
            case "$skiptoken":
                skipToken = value
            case let option where option.hasPrefix("$"):
                throw GraphError(
                    status: 400, code: "Request_UnsupportedQuery",
                    message: "The query option '\(option.prefix(40))' is not supported by this emulator: it serves $select, $top and $skiptoken."
                )
            default:
                continue
            }
        }
    }

    /// Percent-decoding; `+` stays `+` (OData URLs are not form bodies).
    private static func decode(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }
}

/// Graph's skip token stands for "the page after object X"; clients must treat it as
/// opaque, so it is base64url of a tagged, versioned value.
enum SkipToken {
    private static let magic = "ckp1"

    static func make(after objectID: String, collection: DirectoryCollection) -> String {
        Base64URL.encode(Array("\(magic):\(collection.rawValue):\(objectID)".utf8))
    }

    static func objectID(in token: String, collection: DirectoryCollection) throws(GraphError) -> String {
        guard let bytes = Base64URL.decode(token), let text = String(bytes: bytes, encoding: .utf8) else {
            throw .badRequest("The skip token is malformed: use @odata.nextLink exactly as returned.")
        }
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == magic, parts[1] == collection.rawValue, !parts[2].isEmpty else {
            throw .badRequest("The skip token is malformed: use @odata.nextLink exactly as returned.")
        }
        return String(parts[2])
    }
}
