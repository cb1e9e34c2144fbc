import Foundation

/// The result of running a program: exit status and both output streams, kept apart.
public struct ProcessOutput: Sendable, CustomStringConvertible {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    public let stdoutBytes: [UInt8]

    public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// Runs external programs (the built certkeeper binary, openssl, python3) for tests.
public enum ProcessRunner {
    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments`.
    @discardableResult
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        stdin: [UInt8]? = nil,
        currentDirectory: String? = nil
    ) throws -> ProcessOutput {
        let process = makeProcess(executable, arguments)
        if let environment {
            process.environment = childEnvironment(environment)
        }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        let errorData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.set(errPipe.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessOutput(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errorData.get(), as: UTF8.self),
            stdoutBytes: [UInt8](outData)
        )
    }

    /// scripts/sanitize.sh gives the test runner its own LeakSanitizer suppressions (for
    /// Foundation's, XCTest's and URLSession's allocations in this process) and the stricter
    /// list for the binaries it starts in CERTKEEPER_CHILD_LSAN_OPTIONS.
    static func childEnvironment(_ environment: [String: String]) -> [String: String] {
        var environment = environment
        if let child = environment["CERTKEEPER_CHILD_LSAN_OPTIONS"] { environment["LSAN_OPTIONS"] = child }
        return environment
    }

    /// A process for `executable` (a path, or a name looked up on PATH through /usr/bin/env).
    public static func makeProcess(_ executable: String, _ arguments: [String]) -> Process {
        let process = Process()
        process.environment = childEnvironment(ProcessInfo.processInfo.environment)
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        return process
    }

    /// The current environment with changes applied (nil removes a variable).
    public static func environment(_ changes: [String: String?]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in changes { environment[key] = value }
        return environment
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }
    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
