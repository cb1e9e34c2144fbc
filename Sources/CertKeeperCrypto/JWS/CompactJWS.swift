/// A JWS in compact serialization (`header.payload.signature`, base64url without padding).
///
/// Building one takes the header and payload as JSON bytes the caller encoded, so the exact
/// bytes signed are the bytes sent. Parsing checks only the shape; `isValidSignature`
/// checks the signature.
public struct CompactJWS: Sendable, Hashable, CustomStringConvertible {
    public let headerJSON: [UInt8]
    public let payloadJSON: [UInt8]
    public let signature: [UInt8]
    /// The `header.payload` text the signature covers.
    public let signingInput: String

    /// Signs `headerJSON` + `payloadJSON` with `key`.
    public static func sign(
        headerJSON: [UInt8], payloadJSON: [UInt8], key: PrivateKey, algorithm: JWSAlgorithm
    ) throws(CryptoError) -> CompactJWS {
        let signingInput = Base64URL.encode(headerJSON) + "." + Base64URL.encode(payloadJSON)
        let signature = try key.signature(for: Array(signingInput.utf8), scheme: algorithm.signatureScheme)
        return CompactJWS(headerJSON: headerJSON, payloadJSON: payloadJSON, signature: signature, signingInput: signingInput)
    }

    /// Splits and decodes a compact JWS. Throws `.malformedInput` for anything that is not
    /// three base64url segments.
    public init(parsing compact: String) throws(CryptoError) {
        let segments = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw CryptoError(.malformedInput, "a JWS has three dot-separated parts, this has \(segments.count)")
        }
        guard let header = Base64URL.decode(segments[0]), let payload = Base64URL.decode(segments[1]),
            let signature = Base64URL.decode(segments[2])
        else {
            throw CryptoError(.malformedInput, "a JWS part is not base64url")
        }
        self.init(
            headerJSON: header, payloadJSON: payload, signature: signature,
            signingInput: "\(segments[0]).\(segments[1])"
        )
    }

    private init(headerJSON: [UInt8], payloadJSON: [UInt8], signature: [UInt8], signingInput: String) {
        self.headerJSON = headerJSON
        self.payloadJSON = payloadJSON
        self.signature = signature
        self.signingInput = signingInput
    }

    /// The compact serialization.
    public var compact: String { signingInput + "." + Base64URL.encode(signature) }

    public func isValidSignature(publicKey: PublicKey, algorithm: JWSAlgorithm) throws(CryptoError) -> Bool {
        try publicKey.isValidSignature(signature, for: Array(signingInput.utf8), scheme: algorithm.signatureScheme)
    }

    /// Never the token itself: assertions and access tokens are credentials.
    public var description: String { "CompactJWS(<redacted>)" }
}
