import Foundation

/// A server process for tests: started with an ephemeral loopback port that it writes to a
/// port file once listening, stopped by PID (SIGTERM, then SIGKILL after a grace period so a
/// test never hangs on a stuck server).
public final class LoopbackServerProcess: @unchecked Sendable {
    public let port: Int
    private let process: Process

    /// `executable` is a path or a name on PATH; `portFile` must be among `arguments`.
    public init(_ executable: String, _ arguments: [String], portFile: String, currentDirectory: String? = nil) throws {
        process = ProcessRunner.makeProcess(executable, arguments)
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        port = try Self.waitForPort(portFile, process: process)
    }

    public var pid: Int32 { process.processIdentifier }

    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<500 where process.isRunning { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Polls for the port file (bounded); no fixed sleep.
    private static func waitForPort(_ path: String, process: Process) throws -> Int {
        for _ in 0..<1500 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return port
            }
            guard process.isRunning else { throw TestSupportError("the server exited before listening (status \(process.terminationStatus))") }
            usleep(10_000)
        }
        kill(process.processIdentifier, SIGKILL)
        throw TestSupportError("the server did not start listening")
    }
}

/// `certkeeper-idp serve` on loopback, with one tenant and application registered with the
/// given certificates (PEM or DER paths). With `tls`, it serves https with the certificate it
/// makes on first start, written to `tlsCertificatePath` for clients to trust (SAN
/// 127.0.0.1, ::1, localhost).
public final class IdPEmulator: @unchecked Sendable {
    public static let tenant = "72f988bf-0000-4000-8000-00000000cafe"
    public static let clientID = "aaaaaaaa-1111-4000-8000-000000000001"
    public static let objectID = "bbbbbbbb-2222-4000-8000-000000000002"

    public let directory: TemporaryDirectory
    private let server: LoopbackServerProcess
    /// Vault name → its URL (`http(s)://127.0.0.1:PORT`): each vault is served on a port of its own.
    public private(set) var vaultURLs: [String: String] = [:]

    public let tls: Bool
    public var baseURL: String { "\(tls ? "https" : "http")://127.0.0.1:\(server.port)" }
    public var port: Int { server.port }
    /// The emulator's TLS certificate (PEM), when `tls`.
    public var tlsCertificatePath: String { directory.file("idp-tls.pem") }
    public var tokenEndpoint: String { "\(baseURL)/\(Self.tenant)/oauth2/v2.0/token" }
    public static var binary: String { Binaries.productsDirectory + "/certkeeper-idp" }

    /// `vaults`: vault name → the roles the application gets on it (none: a vault it may not use).
    /// `roles`: application roles of the app's tokens (Application.Read.All lets it list the directory).
    public init(
        certificates: [String], serveArguments: [String] = [], tls: Bool = false, vaults: [String: [String]] = [:], roles: [String] = []
    ) throws {
        directory = try TemporaryDirectory("certkeeper-idp-emulator")
        self.tls = tls
        let state = directory.file("state.sqlite")
        let created = try ProcessRunner.run(
            Self.binary,
            [
                "app", "create", "--state", state, "--tenant", Self.tenant, "--client-id", Self.clientID,
                "--object-id", Self.objectID, "--display-name", "certkeeper token tests",
            ] + certificates.flatMap { ["--cert", $0] } + roles.flatMap { ["--role", $0] })
        guard created.status == 0 else { throw TestSupportError("certkeeper-idp app create failed: \(created)") }
        for (vault, roles) in vaults.sorted(by: { $0.key < $1.key }) {
            try Self.admin(["vault", "create", "--state", state, "--name", vault, "--tenant", Self.tenant])
            for role in roles {
                try Self.admin(["vault", "grant", "--state", state, "--vault", vault, "--app", Self.clientID, "--role", role])
            }
        }
        let portFile = directory.file("idp.port")
        let vaultsFile = directory.file("vaults.txt")
        server = try LoopbackServerProcess(
            Self.binary,
            [
                "serve", "--state", state, "--port", "0", "--port-file", portFile, "--log-file", directory.file("requests.log"),
                "--vaults-file", vaultsFile,
            ] + (tls ? ["--tls", "--tls-cert-file", directory.file("idp-tls.pem")] : []) + serveArguments,
            portFile: portFile
        )
        // The vaults file is complete before the port file appears.
        let listing = String(decoding: FileManager.default.contents(atPath: vaultsFile) ?? Data(), as: UTF8.self)
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2 { vaultURLs[String(fields[0])] = String(fields[1]) }
        }
    }

    private static func admin(_ arguments: [String]) throws {
        let output = try ProcessRunner.run(binary, arguments)
        guard output.status == 0 else { throw TestSupportError("certkeeper-idp \(arguments.prefix(2).joined(separator: " ")) failed: \(output)") }
    }

    /// `vault show`: the versions of a certificate as the emulator stores them, newest last:
    /// (version, SHA-1 hex, enabled).
    public func vaultVersions(vault: String, certificate: String) throws -> [(version: String, sha1: String, enabled: Bool)] {
        let output = try ProcessRunner.run(
            Self.binary,
            [
                "vault", "show", "--state", directory.file("state.sqlite"), "--vault", vault, "--certificate", certificate,
            ])
        guard output.status == 0 else { throw TestSupportError("vault show failed: \(output)") }
        return output.stdout.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 3 else { return nil }
            return (fields[0], fields[1], fields[2] == "enabled")
        }
    }

    /// The emulator's request log: one JSON object per request with its verdict.
    public func requestLog() throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: directory.file("requests.log")) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            guard let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else {
                throw TestSupportError("not a JSON log line: \($0)")
            }
            return object
        }
    }

    public func stop() { server.stop() }
}
