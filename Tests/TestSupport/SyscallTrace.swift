import Foundation

/// The file system calls a command made, observed with `strace -f -y` (every thread; each
/// file descriptor annotated with its path). Lets a test see HOW a file was written — the
/// mode it was created with, which name received the bytes, when it was renamed into place
/// — instead of only the final state, which a non-atomic writer can reach as well.
public struct SyscallTrace: Sendable {
    public struct Call: Sendable, CustomStringConvertible {
        public let name: String
        /// The raw argument text between the parentheses, fd paths included (`3</tmp/x>`).
        public let arguments: String
        public let result: String

        public var description: String { "\(name)(\(arguments)) = \(result)" }
        public var succeeded: Bool { !result.hasPrefix("-1") && !result.hasPrefix("?") }

        /// ThreadSanitizer's runtime maps its shadow of read-only memory from a file it
        /// creates in the temporary directory (`tsan.rodata.PID`): not certkeeper's doing,
        /// and present only in an instrumented binary (scripts/sanitize.sh tsan).
        var isSanitizerRuntime: Bool {
            (quotedPaths + descriptorPaths + [result]).contains { $0.contains("/tsan.rodata.") }
        }

        /// Quoted strings among the arguments (paths), in order.
        public var quotedPaths: [String] {
            arguments.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }

        /// Paths of file descriptor arguments (`3</path>`), in order.
        public var descriptorPaths: [String] {
            var paths: [String] = []
            var rest = Substring(arguments)
            while let open = rest.range(of: "</") {
                let tail = rest[open.upperBound...]
                guard let close = tail.firstIndex(of: ">") else { break }
                paths.append("/" + tail[..<close])
                rest = tail[close...]
            }
            return paths
        }
    }

    public static let traced = [
        "open", "openat", "creat", "write", "pwrite64", "writev", "fsync", "fdatasync", "fchmod", "fchmodat", "chmod",
        "link", "linkat", "rename", "renameat", "renameat2", "unlink", "unlinkat",
    ]

    public let calls: [Call]
    public let output: ProcessOutput

    /// Whether strace exists and may trace here (ptrace can be forbidden in containers).
    public static let available: Bool = {
        guard let output = try? ProcessRunner.run("strace", ["-f", "-qq", "-o", "/dev/null", "true"]) else { return false }
        return output.status == 0
    }()

    /// Runs `executable` under strace; the trace log lives in `scratch`.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:], scratch: TemporaryDirectory
    ) throws -> SyscallTrace {
        let log = scratch.file("strace-\(UUID().uuidString).log")
        var environment = environment
        // LeakSanitizer cannot work under ptrace: an AddressSanitizer build traced here
        // (scripts/sanitize.sh asan) would end with a fatal LeakSanitizer error instead.
        if let options = ProcessInfo.processInfo.environment["ASAN_OPTIONS"], !environment.keys.contains("ASAN_OPTIONS") {
            environment["ASAN_OPTIONS"] = options + ":detect_leaks=0"
        }
        let output = try ProcessRunner.run(
            "strace", ["-f", "-qq", "-y", "-s", "0", "-o", log, "-e", "trace=" + traced.joined(separator: ",")] + [executable] + arguments,
            environment: ProcessRunner.environment(environment.merging(["NO_COLOR": "1"]) { current, _ in current })
        )
        let text = try String(contentsOfFile: log, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: log)
        return SyscallTrace(calls: parse(text).filter { !$0.isSanitizerRuntime }, output: output)
    }

    /// Joins `<unfinished ...>` / `<... resumed>` halves (threads interleave) and splits
    /// each line into name, arguments and result.
    static func parse(_ text: String) -> [Call] {
        var pending: [Substring: String] = [:]
        var calls: [Call] = []
        for rawLine in text.split(separator: "\n") {
            guard let space = rawLine.firstIndex(of: " ") else { continue }
            let pid = rawLine[..<space]
            var line = rawLine[rawLine.index(after: space)...].trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("<unfinished ...>") {
                pending[pid] = String(line.dropLast("<unfinished ...>".count))
                continue
            }
            if line.hasPrefix("<... "), let resumed = line.range(of: " resumed>") {
                line = (pending.removeValue(forKey: pid) ?? "") + line[resumed.upperBound...]
            }
            guard let open = line.firstIndex(of: "("), let equals = line.range(of: ") = ", options: .backwards) else { continue }
            calls.append(
                Call(
                    name: String(line[..<open]),
                    arguments: String(line[line.index(after: open)..<equals.lowerBound]),
                    result: String(line[equals.upperBound...])
                ))
        }
        return calls
    }
}
