import Foundation

/// `maxresults` (1–25) and the opaque `$skiptoken` of Key Vault list calls; `nextLink`
/// carries both and the api-version, and is null on the last page.
struct VaultPaging {
    let offset: Int
    let size: Int
    private let nextBase: String
    private let apiVersion: String

    init(query: [String: String], path: String, base: String) throws(VaultError) {
        if let text = query["maxresults"] {
            guard let value = Int(text), (1...VaultService.maximumPageSize).contains(value) else {
                throw .badParameter("The value of maxresults (\(text)) is invalid: it must be between 1 and \(VaultService.maximumPageSize).")
            }
            size = value
        } else {
            size = VaultService.maximumPageSize
        }
        if let token = query["$skiptoken"] {
            guard let offset = Self.offset(fromToken: token) else { throw .badParameter("The $skiptoken is invalid or expired.") }
            self.offset = offset
        } else {
            offset = 0
        }
        nextBase = base + path
        apiVersion = query["api-version"] ?? "7.5"
    }

    /// `items` holds up to `size + 1` entries: one more than fits says there is a next page.
    func reply<Item: Encodable>(_ items: [Item]) -> HTTPReply {
        let more = items.count > size
        let next = more ? "\(nextBase)?api-version=\(apiVersion)&$skiptoken=\(Self.token(forOffset: offset + size))&maxresults=\(size)" : nil
        return .json(200, JSON.encode(VaultResources.Page(value: Array(items.prefix(size)), nextLink: next)))
    }

    private static func token(forOffset offset: Int) -> String {
        Data("certkeeper-idp:\(offset)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func offset(fromToken token: String) -> Int? {
        var text = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8),
            decoded.hasPrefix("certkeeper-idp:"), let offset = Int(decoded.dropFirst("certkeeper-idp:".count)), offset >= 0
        else { return nil }
        return offset
    }
}
