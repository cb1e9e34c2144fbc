import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Words for a URLError, with the system's own detail when Foundation kept it.
enum TransportFailureReason {
    static func describe(_ error: URLError) -> String {
        let summary: String
        switch error.code {
        case .cannotConnectToHost: summary = "connection refused or host unreachable"
        case .cannotFindHost, .dnsLookupFailed: summary = "host name not found (DNS)"
        case .timedOut: summary = "timed out"
        case .notConnectedToInternet: summary = "no network connection"
        case .networkConnectionLost: summary = "connection lost"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            summary = "TLS handshake failed (server certificate not trusted?)"
        default: summary = "network error"
        }
        let detail = error.localizedDescription
        return detail.isEmpty || detail == summary ? summary : "\(summary): \(detail)"
    }
}
