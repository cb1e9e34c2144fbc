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
        var tls: TLSServerContext?
        var log: RequestLog?
        var throttle: GraphThrottle = .off
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
        let portFile = options.portFile
        let host = options.host
        let application = Application(
            router: router,
            server: serverBuilder(),
            configuration: .init(address: .hostname(host, port: options.port), serverName: "certkeeper-idp"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shown = host.contains(":") ? "[\(host)]" : host
                FileHandle.standardOutput.write(Data("certkeeper-idp: listening on \(scheme)://\(shown):\(port)\n".utf8))
                if let portFile {
                    do {
                        try SecureFileWriter(overwrite: true).write(Array("\(port)\n".utf8), to: portFile, mode: .publicFile)
                    } catch {
                        FileHandle.standardError.write(Data("certkeeper-idp: cannot write the port file: \(error)\n".utf8))
                    }
                }
            },
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
