import CertKeeperCrypto
import Foundation

/// Encodes a header and claims as JSON and signs them with CertKeeperCrypto's `CompactJWS`.
enum JWTSigning {
    static func sign(
        header: JWTHeader, claims: some Encodable, credential: ClientCertificateCredential, algorithm: JWSAlgorithm
    ) throws(EntraError) -> CompactJWS {
        let headerJSON: [UInt8]
        let claimsJSON: [UInt8]
        do {
            headerJSON = try JSONBytes.encode(header)
            claimsJSON = try JSONBytes.encode(claims)
        } catch {
            throw EntraError(.invalidParameter, "could not encode the JWT: \(error)")
        }
        do {
            return try CompactJWS.sign(
                headerJSON: headerJSON, payloadJSON: claimsJSON, key: credential.privateKey, algorithm: algorithm
            )
        } catch {
            throw .crypto(error, "could not sign the \(algorithm) assertion with certificate \(credential.certificate.sha1Thumbprint.hex)")
        }
    }
}

/// Compact JSON with sorted keys and unescaped slashes (`aud` is a URL).
enum JSONBytes {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value))
    }
}
