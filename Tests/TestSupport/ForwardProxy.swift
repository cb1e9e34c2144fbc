import Foundation

/// A real forward proxy for the network tests: Debian's squid, on an ephemeral loopback
/// port, with a configuration written here (CONNECT allowed to any loopback port, basic
/// authentication against an htpasswd file made by `openssl passwd -apr1`), stopped by PID.
/// Its access log is the proxy's own record of what went through it.
public final class ForwardProxy: @unchecked Sendable {
    public static let squid = "/usr/sbin/squid"
    public static let authHelper = "/usr/lib/squid/basic_ncsa_auth"

    public let directory: TemporaryDirectory
    public let port: Int
    public let username: String
    public let password: String
    private let process: Process

    /// `http://user:password@127.0.0.1:port`, what users put in HTTPS_PROXY.
    public var urlWithCredentials: String { "http://\(username):\(password)@127.0.0.1:\(port)" }
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Whether squid and its basic-auth helper are installed (scripts/ensure-deps.sh does it).
    public static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: squid) && FileManager.default.isExecutableFile(atPath: authHelper)
    }

    public init(username: String = "alice", password: String = "s3cret-Pa55:word") throws {
        guard Self.isInstalled else { throw TestSupportError("squid is not installed: run scripts/ensure-deps.sh") }
        self.username = username
        self.password = password
        directory = try TemporaryDirectory("certkeeper-squid")
        let hash = try IndependentTools.openssl(["passwd", "-apr1", "-stdin"], stdin: Array(password.utf8))
        guard hash.status == 0 else { throw TestSupportError("openssl passwd failed: \(hash)") }
        _ = try directory.write("\(username):\(hash.stdout.trimmingCharacters(in: .whitespacesAndNewlines))\n", to: "passwd")
        // Run as root (CI), squid drops to the proxy user: let it write its logs here.
        if getuid() == 0, let proxyUser = getpwnam("proxy") {
            chown(directory.path, proxyUser.pointee.pw_uid, proxyUser.pointee.pw_gid)
            chown(directory.file("passwd"), proxyUser.pointee.pw_uid, proxyUser.pointee.pw_gid)
        }
        var started: Process?
        var chosen = 0
        for _ in 0..<5 where started == nil {
            chosen = try Self.freeLoopbackPort()
            let configuration = try directory.write(Self.configuration(port: chosen, directory: directory), to: "squid.conf")
            let candidate = ProcessRunner.makeProcess(Self.squid, ["-N", "-f", configuration])
            candidate.standardOutput = FileHandle.nullDevice
            candidate.standardError = FileHandle(forWritingAtPath: try directory.write("", to: "squid.out")) ?? FileHandle.nullDevice
            try candidate.run()
            if try Self.waitUntilListening(port: chosen, process: candidate, directory: directory) { started = candidate } else { Self.stop(candidate) }
        }
        guard let started else { throw TestSupportError("squid did not start listening: \(String(decoding: (try? directory.read("cache.log")) ?? [], as: UTF8.self))") }
        process = started
        port = chosen
    }

    deinit { Self.stop(process) }

    public func stop() { Self.stop(process) }

    /// The access log: one line per transaction, e.g.
    /// `… 127.0.0.1 TCP_TUNNEL/200 4567 CONNECT 127.0.0.1:41675 alice HIER_DIRECT/127.0.0.1 -`.
    /// Squid writes a line when the transaction ends; polled briefly.
    public func accessLog(expectingAtLeast count: Int = 0) -> [String] {
        var lines: [String] = []
        for _ in 0..<100 {
            let text = String(decoding: (try? directory.read("access.log")) ?? [], as: UTF8.self)
            lines = text.split(separator: "\n").map(String.init)
            if lines.count >= count { break }
            usleep(50_000)
        }
        return lines
    }

    private static func configuration(port: Int, directory: TemporaryDirectory) -> String {
        """
        http_port 127.0.0.1:\(port)
        pid_filename \(directory.file("squid.pid"))
        access_log stdio:\(directory.file("access.log")) squid
        cache_log \(directory.file("cache.log"))
        cache_store_log none
        coredump_dir \(directory.path)
        cache deny all
        pinger_enable off
        shutdown_lifetime 0 seconds
        auth_param basic program \(authHelper) \(directory.file("passwd"))
        auth_param basic realm certkeeper-test
        acl authenticated proxy_auth REQUIRED
        acl from_loopback src 127.0.0.1/32
        http_access allow from_loopback authenticated
        http_access deny all

        """
    }

    /// A port the kernel just handed out and released (squid cannot report the one it bound).
    private static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw TestSupportError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits (bounded) for squid's "Accepting HTTP Socket connections" in its cache log: a
    /// probe connection would show up in the access log the tests read. False when squid
    /// exited (the port was taken) or never got there.
    private static func waitUntilListening(port: Int, process: Process, directory: TemporaryDirectory) throws -> Bool {
        for _ in 0..<600 {
            guard process.isRunning else { return false }
            let log = String(decoding: (try? directory.read("cache.log")) ?? [], as: UTF8.self)
            if log.contains("Accepting HTTP Socket connections") && log.contains("local=127.0.0.1:\(port) ") { return true }
            usleep(50_000)
        }
        return false
    }

    private static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<300 where process.isRunning { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
