import ArgumentParser
import CertKeeperHTTP
import Foundation
import Logging

/// Options of every command that talks HTTP: whom to trust, which proxy, how long to wait.
struct NetworkOptions: ParsableArguments {
    @Option(
        name: .customLong("ca-bundle"),
        help: ArgumentHelp(
            "PEM file of CA certificates trusted besides the system roots (a TLS-inspecting proxy's root CA, the emulator's certificate). Default: the first of $CERTKEEPER_CA_BUNDLE, $SSL_CERT_FILE, $REQUESTS_CA_BUNDLE.",
            valueName: "file"
        ),
        completion: .file()
    )
    var caBundle: String?

    @Option(
        help: ArgumentHelp(
            "Forward proxy for https requests, http://host:port (credentials only through $HTTPS_PROXY, never on the command line). Default: $https_proxy, $HTTPS_PROXY; $NO_PROXY lists hosts that bypass it.",
            valueName: "url"
        )
    )
    var proxy: String?

    @Option(help: ArgumentHelp("Deadline in seconds for each HTTP request, answer included.", valueName: "seconds"))
    var timeout: Double = 30

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds.") }
        if let proxy, proxy.contains("@") {
            throw ValidationError("--proxy must not carry credentials (other users can read the command line): put http://user:password@host:port in HTTPS_PROXY instead.")
        }
    }

    /// The transport for this command, from these options, the profile's bundle and the
    /// environment. A bundle or proxy that cannot be used is a usage error: one line, exit 64.
    func transport(profileCABundle: (name: String, path: String)? = nil, logger: Logger) throws -> CurlTransport {
        let configuration: TransportConfiguration
        do {
            configuration = try TransportConfiguration.resolve(
                caBundle: caBundle, proxy: proxy, profileCABundle: profileCABundle, environment: ProcessInfo.processInfo.environment
            )
        } catch {
            FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
            throw ExitCode.validationFailure
        }
        logger.debug("TLS trust: \(configuration.trust)")
        logger.debug("network: \(configuration.proxy), deadline \(timeout) s per request")
        return CurlTransport(configuration: configuration) { line in logger.debug("\(line)") }
    }
}
