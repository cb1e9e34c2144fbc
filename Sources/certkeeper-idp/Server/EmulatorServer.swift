import CertKeeperBase
import CertKeeperCrypto
import CertKeeperIdP
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix

/// Builds and runs the HTTP(S) server over an opened emulator.
struct EmulatorServer {
    struct Options {
        var host: String
        var port: Int
        var portFile: String?
        /// Receives one line per vault, `NAME URL`, once every listener is up.
        var vaultsFile: String?
        var tls: TLSServerContext?
        var log: RequestLog?
        var throttle: GraphThrottle = .off
        /// Every Nth authenticated request to a vault is answered 429 (0: never).
        var vaultThrottleEvery = 0
    }

    let context: EmulatorContext
    let options: Options

    func run() async throws {
        let scheme = options.tls == nil ? "http" : "https"
        let workers = NIOThreadPool(numberOfThreads: 8)
        workers.start()
        defer { workers.shutdownGracefully { _ in } }
        let writer = ReplyWriter(scheme: scheme, log: options.log, workers: workers)
        let router = Router(context: BasicRequestContext.self)
        EntraRoutes(discovery: DiscoveryService(context: context), tokens: TokenEndpoint(context: context), writer: writer).add(to: router)
        GraphRoutes(graph: GraphService(context: context), writer: writer).add(to: router)
        DirectoryRoutes(listing: DirectoryListingService(context: context, throttle: options.throttle), writer: writer).add(to: router)

        var logger = Logger(label: "certkeeper-idp")
        logger.logLevel = ProcessInfo.processInfo.environment["CERTKEEPER_LOG_LEVEL"] == "debug" ? .debug : .warning
        let vaults = try VaultAdmin(store: context.store).vaults()
        let listeners = ListenerRegistry(
            scheme: scheme, host: options.host, vaultNames: vaults.map(\.name), portFile: options.portFile, vaultsFile: options.vaultsFile
        )
        // Each vault is an origin of its own: a listener on its own port, run by the login
        // listener's service group.
        let vaultListeners = vaults.map { vault in
            Application(
                responder: VaultResponder(
                    service: VaultService(
                        context: context, vaultName: vault.name,
                        throttle: GraphThrottle(every: options.vaultThrottleEvery, retryAfterSeconds: options.throttle.retryAfterSeconds)
                    ), writer: writer, listeners: listeners),
                server: serverBuilder(),
                configuration: .init(address: .hostname(options.host, port: 0), serverName: "certkeeper-idp"),
                onServerRunning: { channel in listeners.vaultListening(vault.name, port: channel.localAddress?.port ?? 0) },
                logger: logger
            )
        }
        let application = Application(
            router: router,
            server: serverBuilder(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "certkeeper-idp"),
            services: vaultListeners,
            onServerRunning: { channel in listeners.loginListening(port: channel.localAddress?.port ?? 0) },
            logger: logger
        )
        try await application.runService()
    }

    private func serverBuilder() -> HTTPServerBuilder {
        guard let tls = options.tls else { return .http1() }
        return HTTPServerBuilder { responder in
            OpenSSLTLSChannel(base: HTTP1Channel(responder: responder), tls: tls)
        }
    }
}
