import CertKeeperStore
import Foundation

/// `profile export`: a profile as certkeeper JSON, as environment variables for
/// azure-identity (`AZURE_*`) and the Terraform microsoft365 provider (`M365_*`), or as a
/// Terraform provider block. Passwords are never written: the env form expands the
/// reference when sourced, the Terraform form declares a sensitive variable.
public enum ProfileExport {
    public enum Format: String, Sendable, CaseIterable {
        case json
        case env
        case terraform
    }

    public static func render(_ profile: StoredProfile, as format: Format) throws(CoreError) -> String {
        switch format {
        case .json: return try json(profile)
        case .env: return env(profile)
        case .terraform: return terraform(profile)
        }
    }

    static func json(_ profile: StoredProfile) throws(CoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(ProfileDocument(profile)), as: UTF8.self)
        } catch {
            throw CoreError(.io, "could not encode profile \(profile.name) as JSON")
        }
    }

    /// Shell lines to `source` (or `set -a; source`): values single-quoted, the password as
    /// an expansion of its reference, so the file itself holds no secret.
    static func env(_ profile: StoredProfile) -> String {
        let settings = profile.settings
        let chain = settings.sendCertificateChain ? "true" : "false"
        let path = settings.certificatePath ?? ""
        let password = settings.passwordReference.flatMap(shellExpansion)
        var lines = ["# certkeeper profile \(settings.name): azure-identity (AZURE_*) and Terraform microsoft365 (M365_*)"]
        if let reference = settings.passwordReference, password == nil {
            lines.append("# the certificate password comes from \(reference): set AZURE_CLIENT_CERTIFICATE_PASSWORD and M365_CLIENT_CERTIFICATE_PASSWORD yourself")
        }
        func export(_ name: String, _ value: String) { lines.append("export \(name)=\(shellQuote(value))") }
        func exportExpansion(_ name: String, _ expansion: String) { lines.append("export \(name)=\(expansion)") }
        export("AZURE_TENANT_ID", settings.tenantID)
        export("AZURE_CLIENT_ID", settings.clientID)
        export("AZURE_CLIENT_CERTIFICATE_PATH", path)
        if let password { exportExpansion("AZURE_CLIENT_CERTIFICATE_PASSWORD", password) }
        export("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", chain)
        export("AZURE_AUTHORITY_HOST", settings.authorityHost)
        export("M365_TENANT_ID", settings.tenantID)
        export("M365_AUTH_METHOD", "client_certificate")
        export("M365_CLIENT_ID", settings.clientID)
        export("M365_CLIENT_CERTIFICATE_FILE_PATH", path)
        if let password { exportExpansion("M365_CLIENT_CERTIFICATE_PASSWORD", password) }
        export("M365_SEND_CERTIFICATE_CHAIN", chain)
        return lines.joined(separator: "\n")
    }

    /// A `provider "microsoft365"` block like the provider's client-certificate guide, the
    /// password as a sensitive variable fed from `TF_VAR_client_certificate_password`.
    static func terraform(_ profile: StoredProfile) -> String {
        let settings = profile.settings
        let path = settings.certificatePath ?? ""
        var text = "# certkeeper profile \(settings.name): Terraform microsoft365 provider, client certificate authentication.\n"
        if !path.lowercased().hasSuffix(".pfx") && !path.lowercased().hasSuffix(".p12") {
            text += "# The provider reads PKCS#12: convert the certificate with certkeeper convert pem-to-pfx if it is PEM.\n"
        }
        if let expansion = settings.passwordReference.flatMap(shellExpansion) {
            text += "# Set the password without writing it down: export TF_VAR_client_certificate_password=\(expansion)\n"
        }
        let description = "Password of \(path.isEmpty ? "the client certificate" : path)"
            + (settings.passwordReference.map { " (certkeeper reference: \($0))" } ?? "")
        text += """

            variable "client_certificate_password" {
              description = \(hclString(description))
              type        = string
              sensitive   = true
            }

            provider "microsoft365" {
              auth_method = "client_certificate"
              tenant_id   = \(hclString(settings.tenantID))
              entra_id_options = {
                client_id                   = \(hclString(settings.clientID))
                client_certificate          = \(hclString(path))
                client_certificate_password = var.client_certificate_password
                send_certificate_chain      = \(settings.sendCertificateChain ? "true" : "false")
              }
            }
            """
        return text
    }

    /// `"${NAME}"` for env:NAME, `"$(cat 'PATH')"` for file:PATH; nil for prompt.
    static func shellExpansion(_ reference: String) -> String? {
        if reference.hasPrefix("env:") {
            let name = String(reference.dropFirst(4))
            let valid = name.first.map { $0 == "_" || $0.isLetter } == true && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            return valid ? "\"${\(name)}\"" : nil
        }
        if reference.hasPrefix("file:") { return "\"$(cat \(shellQuote(String(reference.dropFirst(5)))))\"" }
        return nil
    }

    static func shellQuote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func hclString(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        // Template sequences would be evaluated by Terraform: escape them.
        escaped = escaped.replacingOccurrences(of: "${", with: "$${").replacingOccurrences(of: "%{", with: "%%{")
        return "\"\(escaped)\""
    }
}
