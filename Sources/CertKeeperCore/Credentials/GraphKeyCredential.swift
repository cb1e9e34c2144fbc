import CertKeeperBase
import CertKeeperCrypto
import Foundation

/// The Microsoft Graph `keyCredential` for a certificate credential, as `export cer
/// --key-credential` writes it and as a rotation sends it (`addKey`, or a manifest edit).
///
/// `key` is the base64 DER certificate; `customKeyIdentifier` is the SHA-1 thumbprint in the
/// 40-character uppercase hex form the portal and Graph show. Graph refuses dates outside
/// the certificate's validity, so the initialisers only produce dates inside it. Graph
/// matches credentials by the certificate itself: recompute thumbprints from `key`, never
/// trust `customKeyIdentifier` alone.
public struct GraphKeyCredential: Sendable, Hashable, Encodable {
    public let type: String
    public let usage: String
    public let key: String
    public let displayName: String
    public let startDateTime: Date
    public let endDateTime: Date
    public let customKeyIdentifier: String

    /// Covers the certificate's whole validity; the display name is the subject.
    public init(certificate: X509Certificate) {
        self.init(
            certificate: certificate, displayName: certificate.subject.description,
            start: certificate.notBefore, end: certificate.notAfter)
    }

    /// A credential for part of the validity (a rotation that starts now). Refuses dates
    /// outside notBefore…notAfter, which Graph would reject.
    public init(certificate: X509Certificate, displayName: String? = nil, startDateTime: Date, endDateTime: Date) throws(CoreError) {
        guard certificate.notBefore <= startDateTime, endDateTime <= certificate.notAfter, startDateTime < endDateTime else {
            throw CoreError(
                .invalidInput,
                "key credential dates \(RFC3339.string(from: startDateTime))…\(RFC3339.string(from: endDateTime)) must lie inside the certificate's validity \(RFC3339.string(from: certificate.notBefore))…\(RFC3339.string(from: certificate.notAfter))"
            )
        }
        self.init(
            certificate: certificate, displayName: displayName ?? certificate.subject.description,
            start: startDateTime, end: endDateTime)
    }

    private init(certificate: X509Certificate, displayName: String, start: Date, end: Date) {
        type = "AsymmetricX509Cert"
        usage = "Verify"
        key = Data(certificate.der).base64EncodedString()
        self.displayName = displayName
        // Graph keeps whole seconds; certificate times are whole seconds already.
        startDateTime = Date(timeIntervalSince1970: start.timeIntervalSince1970.rounded(.up))
        endDateTime = Date(timeIntervalSince1970: end.timeIntervalSince1970.rounded(.down))
        customKeyIdentifier = certificate.sha1Thumbprint.hex
    }

    /// Pretty JSON with `startDateTime`/`endDateTime` as `2026-01-01T00:00:00Z`.
    public func jsonBytes() throws(CoreError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        do {
            return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
        } catch {
            throw CoreError(.io, "could not encode the key credential JSON: \(error)")
        }
    }

}
