import Foundation

/// Files committed under Tests/Fixtures (each with its origin in Tests/Fixtures/README.md).
public enum Fixtures {
    public static var directory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").path
    }

    /// `Tests/Fixtures/<relative>`.
    public static func path(_ relative: String) -> String { directory + "/" + relative }

    public static func bytes(_ relative: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(relative)) else {
            throw TestSupportError("missing fixture \(relative)")
        }
        return [UInt8](data)
    }
}

extension Fixtures {
    /// The bytes of any file (a fixture generated at run time).
    public static func bytesAt(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw TestSupportError("cannot read \(path)") }
        return [UInt8](data)
    }
}
