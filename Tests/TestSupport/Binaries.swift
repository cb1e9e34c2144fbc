import Foundation

/// Locates the executables this package builds, next to the test bundle.
public enum Binaries {
    /// The products directory (`.build/<triple>/debug`), found from the test binary's path.
    public static var productsDirectory: String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("certkeeper").path) {
                return url.path
            }
        }
        // `swift test` runs from the package root; fall back to the default build path.
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug").path
    }

    public static var certkeeper: String { productsDirectory + "/certkeeper" }

    /// Runs the built `certkeeper` with `arguments`; stdout and stderr kept apart. The binary
    /// runs in a new session (`setsid`), without a controlling terminal, so a command that
    /// would prompt fails the same way in a developer's terminal as in CI instead of hanging.
    @discardableResult
    public static func runCertkeeper(
        _ arguments: [String], environment: [String: String?] = [:], stdin: [UInt8]? = nil, currentDirectory: String? = nil
    ) throws -> ProcessOutput {
        let setsid = "/usr/bin/setsid"
        let detached = FileManager.default.isExecutableFile(atPath: setsid)
        return try ProcessRunner.run(
            detached ? setsid : certkeeper, (detached ? ["-w", certkeeper] : []) + arguments,
            environment: ProcessRunner.environment(environment.merging(["NO_COLOR": "1"]) { current, _ in current }),
            stdin: stdin, currentDirectory: currentDirectory
        )
    }
}

/// The independent tools tests cross-check against.
public enum IndependentTools {
    /// Runs the `openssl` CLI.
    @discardableResult
    public static func openssl(_ arguments: [String], stdin: [UInt8]? = nil, environment: [String: String?] = [:]) throws -> ProcessOutput {
        try ProcessRunner.run("openssl", arguments, environment: ProcessRunner.environment(environment), stdin: stdin)
    }

    /// Runs a Python 3 snippet (`python3 -c`), passing `arguments` as sys.argv[1...].
    @discardableResult
    public static func python(_ script: String, _ arguments: [String] = [], environment: [String: String?] = [:]) throws -> ProcessOutput {
        try ProcessRunner.run("python3", ["-c", script] + arguments, environment: ProcessRunner.environment(environment))
    }

    /// `openssl x509 -fingerprint` as uppercase hex without colons.
    public static func opensslFingerprint(of path: String, digest: String, inform: String = "PEM") throws -> String {
        let output = try openssl(["x509", "-in", path, "-inform", inform, "-noout", "-fingerprint", "-\(digest)"])
        guard output.status == 0, let value = output.stdout.split(separator: "=").last else {
            throw TestSupportError("openssl fingerprint failed: \(output)")
        }
        return value.replacingOccurrences(of: ":", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
