import CertKeeperCrypto
import Foundation

/// A client assertion as sent: the compact JWS plus its decoded header and claims. Parsing
/// is lenient where real clients differ (float times, padded thumbprints, no `nbf`) and
/// strict about shape: anything else is AADSTS50027.
struct ReceivedAssertion {
    struct Header: Decodable {
        let alg: String?
        let x5t: String?
        let x5tS256: String?
        let x5c: [String]?

        enum CodingKeys: String, CodingKey {
            case alg, x5t, x5c
            case x5tS256 = "x5t#S256"
        }
    }

    struct Claims: Decodable {
        let iss: String?
        let sub: String?
        let aud: Audience?
        let exp: Double?
        let nbf: Double?
        let iat: Double?
        let jti: String?
    }

    /// `aud` is a string, or (RFC 7519) an array of strings.
    struct Audience: Decodable {
        let values: [String]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let single = try? container.decode(String.self) {
                values = [single]
            } else {
                values = try container.decode([String].self)
            }
        }
    }

    let jws: CompactJWS
    let header: Header
    let claims: Claims
    let algorithm: JWSAlgorithm

    init(parsing compact: String) throws(AADSTSRefusal) {
        do {
            jws = try CompactJWS(parsing: compact)
        } catch {
            throw .malformedAssertion("The client assertion is not a compact JWS (\(error)).")
        }
        guard let header = JSON.decode(Header.self, from: jws.headerJSON) else {
            throw .malformedAssertion("The client assertion header is not a JSON object of the expected members.")
        }
        guard let claims = JSON.decode(Claims.self, from: jws.payloadJSON) else {
            throw .malformedAssertion("The client assertion claims are not a JSON object of the expected types.")
        }
        guard let name = header.alg, let algorithm = JWSAlgorithm(rawValue: name) else {
            throw .signatureInvalid("The algorithm '\(header.alg ?? "")' is not supported: use PS256 or RS256.")
        }
        self.header = header
        self.claims = claims
        self.algorithm = algorithm
    }

    /// The leaf of `x5c`, if sent. Entries are standard base64 DER; MSAL wraps them in lines.
    func x5cLeaf() throws(AADSTSRefusal) -> [UInt8]? {
        guard let chain = header.x5c else { return nil }
        guard let first = chain.first else { throw .malformedAssertion("x5c is empty.") }
        let compact = first.filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: compact) else {
            throw .malformedAssertion("The first x5c entry is not base64.")
        }
        return [UInt8](der)
    }
}
