import ArgumentParser
import CertKeeperCrypto

enum KeyTypeArgument: String, ExpressibleByArgument, CaseIterable {
    case rsa
    case ec
}

extension ECCurve: ExpressibleByArgument {}

/// `--type`, `--bits`, `--curve`: what kind of key to generate.
struct KeySpecOptions: ParsableArguments {
    @Option(name: .long, help: "Key type. Entra ID app credentials accept RSA only.")
    var type: KeyTypeArgument = .rsa

    @Option(name: .long, help: "RSA key size: 2048, 3072 or 4096.")
    var bits: Int?

    @Option(name: .long, help: "EC curve.")
    var curve: ECCurve?

    func validate() throws {
        switch type {
        case .rsa:
            if curve != nil { throw ValidationError("--curve applies to --type ec only.") }
            if let bits, !KeyGenerationSpec.allowedRSABits.contains(bits) {
                throw ValidationError("RSA key size \(bits) is not allowed: use --bits 2048, 3072 or 4096.")
            }
        case .ec:
            if bits != nil { throw ValidationError("--bits applies to --type rsa only; choose an EC key with --curve p256|p384.") }
        }
    }

    var spec: KeyGenerationSpec {
        get throws {
            switch type {
            case .rsa: try KeyGenerationSpec.rsa(bits: bits ?? 2048)
            case .ec: KeyGenerationSpec.ec(curve ?? .p256)
            }
        }
    }
}
