import CertKeeperBase
import Foundation
import Testing

struct RFC3339Tests {
    /// The fast formatter agrees with Foundation's over four centuries, leap days included.
    @Test func formatsLikeISO8601DateFormatter() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime]
        var generator = SystemRandomNumberGenerator()
        let samples: [TimeInterval] =
            [0, -1, 951_782_400, 4_107_542_399, -2_208_988_800]
            + (0..<2_000).map { _ in
                TimeInterval(Int64.random(in: -6_000_000_000...12_000_000_000, using: &generator))
            }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC3339.string(from: date) == reference.string(from: date), "\(seconds)")
        }
    }

    @Test func parsesWholeAndFractionalSecondsAndOffsets() {
        #expect(RFC3339.date(from: "2026-01-01T00:00:00Z") == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(RFC3339.date(from: "2026-01-01T00:00:00.500Z") == Date(timeIntervalSince1970: 1_767_225_600.5))
        #expect(RFC3339.date(from: "2026-01-01T01:00:00+01:00") == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(RFC3339.date(from: "2026-01-01") == nil)
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_767_225_600.9)) == "2026-01-01T00:00:00Z")
    }
}
