import Foundation

/// The current row of a query, read in place from the store's client library (SQLite's C
/// API, libpq's binary COPY data): the one interface both stores map rows to models through.
///
/// For loops over 100,000 rows, where building a String or a Date through the generic
/// conversions costs more than the query. The bytes are valid only inside `withBytes`.
protocol StoreColumns {
    func isNull(_ index: Int32) -> Bool
    func int64(_ index: Int32) -> Int64
    /// The column's UTF-8 bytes (empty for NULL), valid only inside `body`.
    func withBytes<T>(_ index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T
    /// A date in a spelling `StoredTimestamp` does not read (written by hand, by another
    /// tool), decoded the store's general way.
    func unusualDate(_ index: Int32) throws -> Date
}

extension StoreColumns {
    /// The column as text (NULL reads as "").
    func text(_ index: Int32) -> String { withBytes(index) { String(decoding: $0, as: UTF8.self) } }

    func optionalText(_ index: Int32) -> String? { isNull(index) ? nil : text(index) }

    /// The column as text, `last` itself when it holds the same bytes: an issuer shared by
    /// thousands of rows becomes one String instead of thousands.
    func text(_ index: Int32, reusing last: inout String?) -> String? {
        if isNull(index) { return nil }
        return withBytes(index) { bytes in
            if let last, Self.equal(last, bytes) { return last }
            let text = String(decoding: bytes, as: UTF8.self)
            last = text
            return text
        }
    }

    /// A stored date in whole seconds, as every reader of the inventory sees it.
    func date(_ index: Int32) throws -> Date {
        if let seconds = withBytes(index, StoredTimestamp.seconds) { return Date(timeIntervalSince1970: TimeInterval(seconds)) }
        return Date(timeIntervalSince1970: try unusualDate(index).timeIntervalSince1970.rounded(.down))
    }

    private static func equal(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.utf8.count == bytes.count else { return false }
        // Native strings are contiguous: one memcmp instead of a byte-by-byte iterator.
        return text.utf8.withContiguousStorageIfAvailable { stored in
            guard let left = stored.baseAddress, let right = bytes.baseAddress else { return bytes.isEmpty }
            return memcmp(left, right, bytes.count) == 0
        } ?? text.utf8.elementsEqual(bytes)
    }
}
