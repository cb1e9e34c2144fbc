import CertKeeperCore
import CertKeeperEntra

/// A token failure explained for people: what the server said, what it means, what to do,
/// which certificate was used, and the ids Microsoft support asks for. Never a token or an
/// assertion (neither is part of a diagnosis).
enum TokenFailureReport {
    static func lines(for error: EntraError) -> [String] {
        guard let diagnosis = error.diagnosis else { return ["Error: \(error.description)"] }
        let codes = diagnosis.errorCodes.map { "AADSTS\($0)" }.joined(separator: ", ")
        // The headline names the codes; the cause follows on its own line when it is known.
        var lines = [
            "Error: "
                + (diagnosis.explanations.isEmpty || error.code != .rejected
                    ? error.description
                    : "the token endpoint refused the request (\(codes), HTTP \(diagnosis.httpStatus))")
        ]
        lines.append("  class:          \(diagnosis.category)")
        if !codes.isEmpty { lines.append("  codes:          \(codes) (HTTP \(diagnosis.httpStatus))") }
        for explanation in diagnosis.explanations {
            lines.append("  cause:          \(explanation.cause)")
            lines.append("  what to do:     \(explanation.action)")
        }
        if let certificate = diagnosis.certificate {
            lines.append("  certificate:    \(certificate.subject), SHA-1 thumbprint \(certificate.sha1.hex)")
            lines.append("                  SHA-256 \(certificate.sha256.hex) (x5t \(certificate.sha1.base64URL), x5t#S256 \(certificate.sha256.base64URL))")
        }
        if !diagnosis.algorithmsTried.isEmpty {
            lines.append("  assertion:      \(diagnosis.algorithmsTried.map(\.rawValue).joined(separator: ", then ")), all refused")
        }
        for (index, line) in diagnosis.serverMessageLines.enumerated() {
            lines.append((index == 0 ? "  server said:    " : "                  ") + line)
        }
        if let traceID = diagnosis.traceID { lines.append("  trace id:       \(traceID)") }
        if let correlationID = diagnosis.correlationID { lines.append("  correlation id: \(correlationID)") }
        lines.append("  endpoint:       \(diagnosis.endpoint)")
        return lines
    }
}
