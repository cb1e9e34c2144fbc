import Foundation

extension PostgresConnection {
    /// Streams a query's rows through a server-side cursor, `batch` rows per round trip, so
    /// memory stays flat however large the result (scans of 100,000 certificates). Must run
    /// inside a transaction (cursors live in one). `body` returns false to stop.
    func forEachRow(
        _ sql: String, _ parameters: [(any PostgresEncodable)?] = [], batch: Int = 2000, _ body: (PostgresRow) throws -> Bool
    ) throws {
        try execute("DECLARE certkeeper_stream NO SCROLL CURSOR FOR \(sql)", parameters)
        defer { _ = try? execute("CLOSE certkeeper_stream") }
        while true {
            let result = try execute("FETCH FORWARD \(batch) FROM certkeeper_stream")
            for row in result.rows {
                guard try body(row) else { return }
            }
            if result.count < batch { return }
        }
    }
}
