import Foundation

/// Python packages some cross-checks need (e.g. `prometheus_client`). `scripts/test.sh`
/// installs them; a test run started another way installs them on first use, and only a
/// machine that cannot reach PyPI skips those tests.
public enum PythonModules {
    private static let cache = AvailabilityCache()

    /// Whether `import module` works, installing `package` with pip first if it does not.
    public static func available(_ module: String, package: String? = nil) -> Bool {
        cache.value(for: module) {
            if importable(module) { return true }
            _ = try? ProcessRunner.run("python3", ["-m", "pip", "install", "--quiet", package ?? module])
            return importable(module)
        }
    }

    private static func importable(_ module: String) -> Bool {
        (try? ProcessRunner.run("python3", ["-c", "import \(module)"]))?.status == 0
    }
}

private final class AvailabilityCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Bool] = [:]

    func value(for key: String, compute: () -> Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let known = values[key] { return known }
        let computed = compute()
        values[key] = computed
        return computed
    }
}
