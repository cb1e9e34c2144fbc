import CertKeeperBase
import Foundation

/// Collects the bound ports of the login listener and every vault listener; once all are
/// listening it writes the port file and the vaults file, so a caller that waits for the
/// port file finds every vault ready too.
final class ListenerRegistry: @unchecked Sendable {
    // Every access to `loginPort` and `vaultPorts` holds `lock`.
    private let lock = NSLock()
    private var loginPort: Int?
    private var vaultPorts: [String: Int] = [:]
    private let vaultNames: [String]
    private let scheme: String
    private let host: String
    private let portFile: String?
    private let vaultsFile: String?

    init(scheme: String, host: String, vaultNames: [String], portFile: String?, vaultsFile: String?) {
        self.scheme = scheme
        self.host = host.contains(":") ? "[\(host)]" : host
        self.vaultNames = vaultNames
        self.portFile = portFile
        self.vaultsFile = vaultsFile
    }

    /// `scheme://host:port` of the login endpoints (named in vault challenges).
    var loginBaseURL: String { "\(scheme)://\(host):\(lock.withLock { loginPort } ?? 0)" }

    func url(port: Int) -> String { "\(scheme)://\(host):\(port)" }

    func loginListening(port: Int) {
        say("listening on \(url(port: port))")
        lock.withLock { loginPort = port }
        finishIfReady()
    }

    func vaultListening(_ name: String, port: Int) {
        say("vault \(name) at \(url(port: port))")
        lock.withLock { vaultPorts[name] = port }
        finishIfReady()
    }

    private func finishIfReady() {
        let ready: (Int, [String: Int])? = lock.withLock {
            guard let loginPort, vaultPorts.count == vaultNames.count else { return nil }
            return (loginPort, vaultPorts)
        }
        guard let (login, vaults) = ready else { return }
        do {
            if let vaultsFile {
                let lines = vaultNames.map { "\($0) \(url(port: vaults[$0] ?? 0))\n" }.joined()
                try SecureFileWriter(overwrite: true).write(Array(lines.utf8), to: vaultsFile, mode: .publicFile)
            }
            if let portFile {
                try SecureFileWriter(overwrite: true).write(Array("\(login)\n".utf8), to: portFile, mode: .publicFile)
            }
        } catch {
            FileHandle.standardError.write(Data("certkeeper-idp: cannot write the port or vaults file: \(error)\n".utf8))
        }
    }

    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data("certkeeper-idp: \(line)\n".utf8))
    }
}
