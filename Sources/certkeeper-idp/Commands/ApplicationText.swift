import CertKeeperBase
import CertKeeperIdP
import Foundation

/// How `app create` and `app list` show registrations.
enum ApplicationText {
    static func render(_ record: ApplicationRecord) -> String {
        let application = record.application
        var lines = [
            "application \(application.objectID) (\(application.displayName))",
            "  tenant:    \(application.tenantID)",
            "  client id: \(application.clientID)",
        ]
        if !application.roles.isEmpty { lines.append("  roles:     \(application.roles.joined(separator: ", "))") }
        if record.keys.isEmpty { lines.append("  no certificates") }
        for key in record.keys {
            let certificate = key.certificate
            lines.append(
                "  key \(key.keyID): SHA-1 \(certificate.sha1Thumbprint.hex), \(certificate.keyAlgorithm), "
                    + "valid \(RFC3339.string(from: certificate.notBefore)) to \(RFC3339.string(from: certificate.notAfter)), \(key.displayName)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ records: [ApplicationRecord]) -> String {
        let objects: [[String: Any]] = records.map { record in
            [
                "tenantId": record.application.tenantID, "clientId": record.application.clientID,
                "objectId": record.application.objectID, "displayName": record.application.displayName,
                "roles": record.application.roles,
                "keys": record.keys.map { key in
                    [
                        "keyId": key.keyID, "displayName": key.displayName,
                        "sha1Thumbprint": key.certificate.sha1Thumbprint.hex,
                        "sha256Thumbprint": key.certificate.sha256Thumbprint.hex,
                        "notBefore": RFC3339.string(from: key.certificate.notBefore), "notAfter": RFC3339.string(from: key.certificate.notAfter),
                        "addedAt": RFC3339.string(from: key.addedAt),
                    ]
                },
            ]
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["applications": objects], options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

}
