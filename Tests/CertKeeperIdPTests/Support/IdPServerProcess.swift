import Foundation
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `certkeeper-idp serve` process on an ephemeral loopback port: started with
/// `--port 0 --port-file F`, ready once F exists, stopped by PID with SIGTERM.
final class IdPServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    let scheme: String
    let directory: TemporaryDirectory
    private let stderr: Pipe

    var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }
    var pid: Int32 { process.processIdentifier }

    static var binary: String { Binaries.productsDirectory + "/certkeeper-idp" }

    /// Runs `certkeeper-idp` to completion (admin commands).
    @discardableResult
    static func run(_ arguments: [String], currentDirectory: String? = nil) throws -> ProcessOutput {
        try ProcessRunner.run(binary, arguments, currentDirectory: currentDirectory)
    }

    init(state: String, in directory: TemporaryDirectory, extraArguments: [String] = [], portFile: String = "idp.port") throws {
        self.directory = directory
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--state", state, "--port", "0", "--port-file", portFile] + extraArguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.standardOutput = FileHandle.nullDevice
        stderr = Pipe()
        process.standardError = stderr
        try process.run()
        self.process = process
        scheme = extraArguments.contains("--tls") ? "https" : "http"
        let portPath = portFile.hasPrefix("/") ? portFile : directory.file(portFile)
        // Wait (bounded) for the port file: it appears once the server listens.
        var port: Int?
        for _ in 0..<600 where port == nil {
            if let text = try? String(contentsOfFile: portPath, encoding: .utf8), let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                port = value
            } else if !process.isRunning {
                break
            } else {
                usleep(50_000)
            }
        }
        guard let port else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            let message = String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self)
            throw TestSupportError("certkeeper-idp did not start: \(message)")
        }
        self.port = port
    }

    /// SIGTERM, then the exit status (0 when it shut down cleanly).
    func stop() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Plain HTTP over loopback with URLSession.
enum LoopbackHTTP {
    struct Reply {
        let status: Int
        let body: [UInt8]
        var headers: [String: String] = [:]
        var json: [String: Any] { (try? JSONBody.object(body)) ?? [:] }
    }

    static func send(_ method: String, _ url: String, body: [UInt8]? = nil, headers: [String: String] = [:]) async throws -> Reply {
        guard let target = URL(string: url) else { throw TestSupportError("bad URL \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.httpBody = body.map { Data($0) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        let headers = (http?.allHeaderFields ?? [:]).reduce(into: [String: String]()) { result, field in
            if let name = field.key as? String, let value = field.value as? String { result[name.lowercased()] = value }
        }
        return Reply(status: http?.statusCode ?? 0, body: [UInt8](data), headers: headers)
    }

    static func form(_ url: String, _ fields: [(String, String)]) async throws -> Reply {
        try await send("POST", url, body: formBody(fields), headers: ["Content-Type": "application/x-www-form-urlencoded"])
    }

    static func formBody(_ fields: [(String, String)]) -> [UInt8] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Array(
            fields.map { name, value in
                "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
            }.joined(separator: "&").utf8)
    }
}
