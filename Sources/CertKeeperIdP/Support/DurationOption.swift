import Foundation

/// Short durations for emulator options: `5s`, `500ms`, `2m`, `1h`, or bare seconds.
public enum DurationOption {
    public static func seconds(parsing text: String) throws(IdPError) -> TimeInterval {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            if let value = Double(trimmed.dropLast(suffix.count)), value >= 0, value.isFinite {
                return value * scale
            }
            break
        }
        if let value = Double(trimmed), value >= 0, value.isFinite { return value }
        throw IdPError(.invalidValue, "\"\(text)\" is not a duration: write e.g. 5s, 500ms, 2m or 1h")
    }
}
