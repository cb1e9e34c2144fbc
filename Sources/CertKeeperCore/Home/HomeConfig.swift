import CertKeeperBase
import CertKeeperStore
import Foundation

/// The home's `config` file: `key = value` lines, `#` comments. One key today:
/// `store = URL` (docs/postgres.md). An unknown key is refused (a typo must not silently fall
/// back to the local SQLite inventory), and so is a store URL that cannot work, naming the
/// file and line. Exit 1, not 64: a file is not the command line the user just typed.
public struct HomeConfig: Sendable, Hashable {
    public static let keys: Set<String> = ["store"]

    public var store: String?

    public init(store: String? = nil) { self.store = store }

    /// Reads `path`; a missing file is an empty configuration.
    public static func load(_ path: String) throws(CoreError) -> HomeConfig {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return HomeConfig() }
            throw CoreError(FileReader.error(errno: errno, path: path, action: "read"))
        }
        let data: [UInt8]
        do { data = try FileReader.read(path) } catch { throw CoreError(error) }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static func parse(_ text: String, path: String) throws(CoreError) -> HomeConfig {
        var config = HomeConfig()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw CoreError(.invalidInput, "\(path) line \(index + 1): expected key = value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard keys.contains(key) else {
                throw CoreError(.invalidInput, "\(path) line \(index + 1): unknown setting \"\(TerminalText.escaped(key))\" (known: \(keys.sorted().joined(separator: ", ")))")
            }
            do {
                _ = try StoreLocation.parse(value)
            } catch {
                throw CoreError(.invalidInput, "\(path) line \(index + 1): \(error.description)")
            }
            config.store = value
        }
        return config
    }
}
