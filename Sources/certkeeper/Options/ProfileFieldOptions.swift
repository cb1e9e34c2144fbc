import ArgumentParser
import CertKeeperCore
import CertKeeperStore

/// The settings of a profile, shared by `profile create` and `profile edit`.
struct ProfileFieldOptions: ParsableArguments {
    @Option(name: .long, help: "Profile name (letters, digits, '.', '_', '-'; case-insensitive unique).")
    var name: String?

    @Option(name: .long, help: "Directory (tenant) ID: a GUID or a domain such as contoso.onmicrosoft.com.")
    var tenant: String?

    @Option(name: .customLong("client-id"), help: "Application (client) ID of the app registration.")
    var clientID: String?

    @Option(name: .long, help: "Token scope: one resource's /.default. Default: \(ProfileSettings.defaultScope)")
    var scope: String?

    @Option(name: .customLong("authority-host"), help: "Authority host. Default: \(ProfileSettings.defaultAuthorityHost) (sovereign clouds and the local emulator differ).")
    var authorityHost: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Certificate with its private key: PFX, or PEM with certificate and key. RSA only (Entra ID refuses EC). Recorded in the inventory.", valueName: "file"),
        completion: .file())
    var cert: String?

    @Option(
        name: .customLong("password-ref"),
        help: ArgumentHelp(
            "Where the certificate's password comes from: env:NAME, file:PATH (mode 0600), keyring:NAME, keyvault:URL/secrets/NAME or prompt. Only this reference is stored.",
            valueName: "ref"))
    var passwordReference: String?

    @Flag(name: .customLong("send-x5c"), inversion: .prefixedNo, help: "Send the certificate chain (x5c) in client assertions (subject name/issuer authentication).")
    var sendCertificateChain: Bool?

    @Option(name: .customLong("app-object-id"), help: "Object ID of the application (not the client ID): Graph addKey/removeKey proofs need it.")
    var applicationObjectID: String?

    @Option(name: .customLong("alg"), help: "Client assertion algorithm: PS256 (default) or RS256 (ADFS, tenants that refuse PS256).")
    var algorithm: String?

    @Option(name: .customLong("graph-endpoint"), help: "Microsoft Graph endpoint. Default: \(ProfileSettings.defaultGraphEndpoint)")
    var graphEndpoint: String?

    @Option(name: .customLong("graph-scope"), help: "Scope of Graph tokens. Default: \(ProfileSettings.defaultGraphScope)")
    var graphScope: String?

    func validate() throws {
        if let passwordReference {
            do { _ = try SecretReference(parsing: passwordReference) } catch { throw ValidationError(error.description) }
        }
        if let algorithm, !["PS256", "RS256"].contains(algorithm.uppercased()) {
            throw ValidationError("--alg must be PS256 or RS256.")
        }
    }

    var draft: ProfileDraft {
        get throws {
            ProfileDraft(
                name: name, tenantID: tenant, clientID: clientID, authorityHost: authorityHost, scope: scope,
                certificatePath: cert, passwordReference: try passwordReference.map { try SecretReference(parsing: $0) },
                sendCertificateChain: sendCertificateChain, applicationObjectID: applicationObjectID,
                assertionAlgorithm: algorithm, graphEndpoint: graphEndpoint, graphScope: graphScope
            )
        }
    }
}

/// `-p/--profile NAME` for commands that act on one profile.
struct ProfileSelection: ParsableArguments {
    @Option(name: [.short, .customLong("profile")], help: ArgumentHelp("The profile.", valueName: "name"))
    var profile: String
}
