import Foundation
import TestSupport
import Testing

@testable import CertKeeperBase

/// `ShellCommand` runs real `/bin/sh` scripts: a hook that outlives its timeout is killed
/// with everything it started, it sees no descriptor of ours beyond stdio, and a child it
/// backgrounds keeps neither the caller nor the caller's readers waiting.
@Suite("shell commands with a deadline")
struct ShellCommandTests {
    /// Runs `script`, its output captured in a file; the outcome, the output and the seconds.
    static func run(_ script: String, timeout: TimeInterval, in directory: TemporaryDirectory) throws -> (ShellCommand.Outcome, String, TimeInterval) {
        let outputPath = directory.file("output-\(UUID().uuidString)")
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(output >= 0)
        defer { close(output) }
        let started = Date()
        let outcome = try ShellCommand(command: script, environment: ["PATH": "/usr/bin:/bin"], timeout: timeout).run(output: output)
        let seconds = Date().timeIntervalSince(started)
        return (outcome, String(decoding: try directory.read((outputPath as NSString).lastPathComponent), as: UTF8.self), seconds)
    }

    static func pid(in directory: TemporaryDirectory, _ name: String) throws -> pid_t {
        let text = String(decoding: try directory.read(name), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return try #require(pid_t(text), "no pid in \(name): \(text)")
    }

    /// Running and not a zombie (a killed orphan is reaped by init, or lingers as a zombie).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        guard let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    @Test func exitStatusOutputAndSignals() throws {
        let directory = try TemporaryDirectory()
        let (outcome, output, _) = try Self.run("echo to-stdout; echo to-stderr >&2; exit 7", timeout: 30, in: directory)
        #expect(outcome == .exited(7))
        #expect(output == "to-stdout\nto-stderr\n")
        let (killed, _, _) = try Self.run("kill -TERM $$", timeout: 30, in: directory)
        #expect(killed == .exited(128 + SIGTERM))
    }

    @Test func aHookPastItsTimeoutIsKilledWithWhatItStarted() throws {
        let directory = try TemporaryDirectory()
        let pidFile = directory.file("child.pid")
        let script = "sleep 1000 & echo $! > '\(pidFile)'; echo started; sleep 1000"
        let (outcome, output, seconds) = try Self.run(script, timeout: 1, in: directory)
        #expect(outcome == .timedOut)
        #expect(output == "started\n")
        #expect(seconds < 10, "took \(seconds) s")
        let child = try Self.pid(in: directory, "child.pid")
        var gone = false
        for _ in 0..<50 where !gone {
            gone = !Self.isAlive(child)
            if !gone { usleep(100_000) }
        }
        if !gone { kill(child, SIGKILL) }
        #expect(gone, "the hook's background child \(child) survived the timeout")
    }

    @Test func aBackgroundedChildIsNotWaitedFor() throws {
        let directory = try TemporaryDirectory()
        let pidFile = directory.file("daemon.pid")
        let script = "sleep 1000 & echo $! > '\(pidFile)'; echo deployed"
        let (outcome, output, seconds) = try Self.run(script, timeout: 60, in: directory)
        let daemon = try Self.pid(in: directory, "daemon.pid")
        defer { kill(daemon, SIGKILL) }
        #expect(outcome == .exited(0))
        #expect(output == "deployed\n")
        #expect(seconds < 10, "waited \(seconds) s for a backgrounded child")
        #expect(Self.isAlive(daemon), "a successful hook's background child is left alone")
    }

    @Test func onlyStdioIsInherited() throws {
        let directory = try TemporaryDirectory()
        // A descriptor without close-on-exec, as a library might leave one.
        let leaked = open(directory.file("secret"), O_WRONLY | O_CREAT, 0o600)
        try #require(leaked > 2)
        defer { close(leaked) }
        let (outcome, output, _) = try Self.run("ls -l /proc/$$/fd; echo; ls /proc/self/fd", timeout: 30, in: directory)
        #expect(outcome == .exited(0))
        let parts = output.components(separatedBy: "\n\n")
        try #require(parts.count == 2, "\(output)")
        let shell = parts[0].split(separator: "\n").filter { $0.contains("->") }
        #expect(shell.map { String($0.split(separator: " ").dropLast(2).last ?? "") } == ["0", "1", "2"], "\(parts[0])")
        #expect(shell.first?.hasSuffix("/dev/null") == true, "\(parts[0])")
        #expect(!output.contains("secret"), "\(output)")
        // `ls` itself holds 0-2 and the directory it reads.
        #expect(parts[1].split(separator: "\n") == ["0", "1", "2", "3"], "\(parts[1])")
    }
}
