import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto

extension PKCS12Profile: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.name) }
    public var defaultValueDescription: String { name }
}

/// `--pkcs12-profile`, `--iterations`: how a PFX that certkeeper writes is protected.
struct PKCS12Options: ParsableArguments {
    @Option(
        name: .customLong("pkcs12-profile"),
        help: ArgumentHelp(
            "modern: AES-256-CBC/PBKDF2-HMAC-SHA-256, MAC SHA-256 (Windows Server 2019+, OpenSSL 3). legacy: 3DES, MAC SHA-1 (Windows Server 2016 and older, App Service and API Management uploads, Go, macOS).",
            valueName: "profile"
        )
    )
    var profile: PKCS12Profile = .modern

    @Option(name: .long, help: ArgumentHelp("Key-derivation iterations for the PFX encryption (1-600000).", valueName: "n"))
    var iterations: Int = PKCS12Profile.defaultIterations

    func validate() throws {
        do { try PKCS12Profile.validateIterations(iterations) } catch {
            throw ValidationError("--iterations \(iterations): \(error.description).")
        }
    }

    func outputOptions(friendlyName: String?) -> PFXOutputOptions {
        PFXOutputOptions(profile: profile, iterations: iterations, friendlyName: friendlyName)
    }
}
