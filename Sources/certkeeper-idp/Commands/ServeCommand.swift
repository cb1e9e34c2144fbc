import ArgumentParser
import CertKeeperBase
import CertKeeperCrypto
import CertKeeperIdP
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the login, Graph and Key Vault endpoints until SIGTERM/SIGINT.",
        discussion: """
            Listens on loopback only unless --allow-remote. With --port 0 the system picks a \
            free port: --port-file F receives it once the server is listening (wait for the \
            file, then connect; stop the server with SIGTERM). MSAL and azure-identity need \
            https: use --tls and trust the certificate written to --tls-cert-file. Every vault \
            (`vault create`) gets a listener of its own on a free port: --vaults-file F lists \
            them (NAME URL); the port file appears once all of them listen.
            """
    )

    @OptionGroup var state: StateOptions

    @Option(help: ArgumentHelp("Address to listen on; non-loopback needs --allow-remote.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port; 0 picks a free one.", valueName: "port"))
    var port = 0

    @Option(name: .customLong("port-file"), help: ArgumentHelp("Write the bound port here once listening.", valueName: "file"))
    var portFile: String?

    @Option(
        name: .customLong("vaults-file"),
        help: ArgumentHelp("Write one line per vault, NAME URL, once every listener is up (each vault is served on a port of its own).", valueName: "file")
    )
    var vaultsFile: String?

    @Flag(name: .customLong("allow-remote"), help: "Allow a non-loopback --host.")
    var allowRemote = false

    @Flag(help: "Serve https with a certificate made on first start (kept in the state file).")
    var tls = false

    @Option(
        name: .customLong("tls-cert-file"),
        help: ArgumentHelp("Where to write the TLS certificate (public part) for clients to trust. Default: <state>-tls-cert.pem beside the state file.", valueName: "file")
    )
    var tlsCertificateFile: String?

    @Option(
        name: .customLong("replication-delay"),
        help: ArgumentHelp(
            "A key added later (Graph addKey, app add-cert) is accepted by the token endpoint only after this long (5s, 500ms, 2m); certificates given to app create count as registered long ago.",
            valueName: "duration")
    )
    var replicationDelay = "0s"

    @Option(name: .customLong("token-lifetime"), help: ArgumentHelp("Lifetime of issued access tokens.", valueName: "duration"))
    var tokenLifetime = "3599s"

    @Option(
        name: .customLong("throttle-every"),
        help: ArgumentHelp("Answer every Nth directory listing request (GET /v1.0/applications, /v1.0/servicePrincipals) with 429 and Retry-After; 0: never.", valueName: "n")
    )
    var throttleEvery = 0

    @Option(
        name: .customLong("vault-throttle-every"),
        help: ArgumentHelp("Answer every Nth authenticated request to each vault with 429 Throttled and Retry-After; 0: never.", valueName: "n")
    )
    var vaultThrottleEvery = 0

    @Option(name: .customLong("throttle-retry-after"), help: ArgumentHelp("The Retry-After (seconds) of a throttled answer.", valueName: "seconds"))
    var throttleRetryAfter = 1

    @Option(name: .customLong("log-file"), help: ArgumentHelp("Append one JSON line per request with its verdict.", valueName: "file"))
    var logFile: String?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if !allowRemote, !Self.isLoopback(host) {
            throw ValidationError("--host \(host) is not a loopback address: the emulator serves loopback only unless --allow-remote")
        }
        if tlsCertificateFile != nil, !tls { throw ValidationError("--tls-cert-file needs --tls") }
        guard throttleEvery >= 0, vaultThrottleEvery >= 0, (0...3600).contains(throttleRetryAfter) else {
            throw ValidationError("--throttle-every must be 0 or more and --throttle-retry-after between 0 and 3600")
        }
    }

    func run() async throws {
        let settings = EmulatorSettings(
            replicationDelay: try Self.duration(replicationDelay),
            tokenLifetime: max(60, try Self.duration(tokenLifetime))
        )
        let context = try EmulatorContext.open(statePath: state.path, settings: settings)
        var tlsContext: TLSServerContext?
        if tls {
            let path = tlsCertificateFile ?? TLSIdentity.defaultPath(forState: state.path)
            tlsContext = try TLSIdentity.load(store: context.store, publicCertificatePath: path)
            FileHandle.standardError.write(Data("certkeeper-idp: TLS certificate for clients to trust: \(path)\n".utf8))
        }
        let log = try logFile.map { path throws(IdPError) in try RequestLog(path: path) }
        try await EmulatorServer(
            context: context,
            options: .init(
                host: host, port: port, portFile: portFile, vaultsFile: vaultsFile, tls: tlsContext, log: log,
                throttle: GraphThrottle(every: throttleEvery, retryAfterSeconds: throttleRetryAfter), vaultThrottleEvery: vaultThrottleEvery
            )
        ).run()
    }

    /// An emulator duration (DurationSpec.Grammar.emulator: a bare number is seconds).
    static func duration(_ text: String) throws(IdPError) -> TimeInterval {
        do { return try DurationSpec(parsing: text, grammar: .emulator).timeInterval } catch {
            throw IdPError(.invalidValue, "\"\(text)\" is not a duration: write e.g. 5s, 500ms, 2m or 1h")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.") && host.split(separator: ".").count == 4
    }
}
