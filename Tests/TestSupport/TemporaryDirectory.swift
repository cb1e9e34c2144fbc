import Foundation

/// A fresh directory under the system temp dir, removed when the value is deinitialised.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "certkeeper-test") throws {
        var template = Array((NSTemporaryDirectory() + "/\(label)-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw TestSupportError("mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        // NSTemporaryDirectory() ends in "/": normalise so paths compare equal to tools' output.
        path = (String(cString: created) as NSString).standardizingPath
    }

    /// `path/name`.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    @discardableResult
    public func write(_ contents: String, to name: String, mode: mode_t = 0o644) throws -> String {
        try write(Array(contents.utf8), to: name, mode: mode)
    }

    @discardableResult
    public func write(_ bytes: [UInt8], to name: String, mode: mode_t = 0o644) throws -> String {
        let target = file(name)
        guard FileManager.default.createFile(atPath: target, contents: Data(bytes)) else {
            throw TestSupportError("could not write \(target)")
        }
        chmod(target, mode)
        return target
    }

    public func read(_ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file(name)) else {
            throw TestSupportError("could not read \(file(name))")
        }
        return [UInt8](data)
    }

    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }

    /// Permission bits of `name` (e.g. 0o600).
    public func mode(of name: String) throws -> mode_t {
        var status = stat()
        guard stat(file(name), &status) == 0 else { throw TestSupportError("stat \(file(name)) failed") }
        return status.st_mode & 0o777
    }

    /// Names in the directory, hidden ones included (to catch leftover temp files).
    public func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
