import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs an operator's shell command (`/bin/sh -c COMMAND`, a deploy hook) with a deadline,
/// the way a scheduler must run something it does not control:
///
/// - in a process group of its own, so a timeout kills the command *and* whatever it
///   started (`killpg`), not just the shell;
/// - with nothing open but stdin (`/dev/null`), stdout and stderr (one pipe): no database,
///   lock or key file descriptor of ours leaks into it (`posix_spawn` closes the rest);
/// - waiting for the shell's own pid only: a child it backgrounds (`daemon &`) keeps its
///   copy of the pipe, but once the shell exits we drain what is buffered and stop reading,
///   so neither we nor whoever reads our stderr waits for that child.
///
/// The command's output is copied to `output` (certkeeper's stderr: stdout stays data).
public struct ShellCommand: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Exit status, or 128 + the signal that ended it.
        case exited(Int32)
        /// Still running at the deadline: its process group was killed.
        case timedOut
    }

    public let command: String
    public let environment: [String: String]
    public let timeout: TimeInterval

    public init(command: String, environment: [String: String], timeout: TimeInterval) {
        self.command = command
        self.environment = environment
        self.timeout = timeout
    }

    public func run(output: Int32 = STDERR_FILENO) throws(BaseError) -> Outcome {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw Self.failure("cannot create a pipe") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        // Close-on-exec: a process another thread starts must not inherit them (pipe2 with
        // O_CLOEXEC is not visible to Swift).
        for fd in [readEnd, writeEnd] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer { close(readEnd) }
        let pid: pid_t
        do { pid = try spawn(stdoutAndStderr: writeEnd) } catch {
            close(writeEnd)
            throw error
        }
        close(writeEnd)
        let deadline = Date().addingTimeInterval(timeout)
        var readOpen = true
        while true {
            if let status = Self.reap(pid, options: WNOHANG) {
                Self.drain(readEnd, to: output)
                return .exited(status)
            }
            if Date() >= deadline {
                killpg(pid, SIGKILL)
                _ = Self.reap(pid, options: 0)
                Self.drain(readEnd, to: output)
                return .timedOut
            }
            if readOpen {
                var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                if poll(&poller, 1, 100) > 0 { readOpen = Self.copyOnce(readEnd, to: output) != 0 }
            } else {
                usleep(50_000)
            }
        }
    }

    private func spawn(stdoutAndStderr pipe: Int32) throws(BaseError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, pipe, STDERR_FILENO)
        Self.closeEverythingAboveStdio(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group (its id is the shell's pid), default signal dispositions (the
        // Swift runtime ignores SIGPIPE; a hook should not inherit that) and an empty mask.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let arguments = ["/bin/sh", "-c", command]
        let environmentLines = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let status = Self.withCStrings(arguments) { argv in
            Self.withCStrings(environmentLines) { envp in
                posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
            }
        }
        guard status == 0 else { throw Self.failure("cannot start /bin/sh: \(String(cString: strerror(status)))") }
        return pid
    }

    /// Every descriptor above 2 is closed in the child. glibc 2.34+ does it in one action
    /// (`posix_spawn_file_actions_addclosefrom_np`, looked up at run time: the Swift overlay
    /// does not declare it); otherwise each descriptor open now is closed by number.
    private static func closeEverythingAboveStdio(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, 3) == 0 { return }
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }

    /// The exit status (128 + signal for a killed process), or nil while it still runs.
    private static func reap(_ pid: pid_t, options: Int32) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, options)
            if result == -1 && errno == EINTR { continue }
            if result == 0 { return nil }
            if result == -1 { return 127 }
            let signal = status & 0x7f
            return signal == 0 ? (status >> 8) & 0xff : 128 + signal
        }
    }

    /// Copies one read's worth: the byte count, 0 at end of file, -1 when nothing is
    /// there yet (or the read failed).
    private static func copyOnce(_ fd: Int32, to output: Int32) -> Int {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        var count = -1
        repeat {
            count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        guard count > 0 else { return count }
        var offset = 0
        while offset < count {
            let written = buffer.withUnsafeBytes { write(output, $0.baseAddress! + offset, count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { break }
            offset += written
        }
        return count
    }

    /// After the shell exited: what is already in the pipe, without waiting for a
    /// background child that still holds the write end.
    private static func drain(_ fd: Int32, to output: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        while copyOnce(fd, to: output) > 0 {}
    }

    private static func withCStrings<Result>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    private static func failure(_ what: String) -> BaseError {
        BaseError(.io, what)
    }
}
