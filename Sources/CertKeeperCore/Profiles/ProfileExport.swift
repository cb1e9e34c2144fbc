import CertKeeperBase
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
        var lines = [
            comment("certkeeper profile \(settings.name): azure-identity (AZURE_*) and Terraform microsoft365 (M365_*)"),
            comment(renewalSummary(settings.renewal)),
        ]
        if let reference = settings.passwordReference, password == nil {
            lines.append(comment("the certificate password comes from \(reference): set AZURE_CLIENT_CERTIFICATE_PASSWORD and M365_CLIENT_CERTIFICATE_PASSWORD yourself"))
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
        var text = comment("certkeeper profile \(settings.name): Terraform microsoft365 provider, client certificate authentication.") + "\n"
        text += comment(renewalSummary(settings.renewal)) + "\n"
        if !path.lowercased().hasSuffix(".pfx") && !path.lowercased().hasSuffix(".p12") {
            text += comment("The provider reads PKCS#12: convert the certificate with certkeeper convert pem-to-pfx if it is PEM.") + "\n"
        }
        if let expansion = settings.passwordReference.flatMap(shellExpansion) {
            text += comment("Set the password without writing it down: export TF_VAR_client_certificate_password=\(expansion)") + "\n"
        }
        let description =
            "Password of \(path.isEmpty ? "the client certificate" : path)"
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

    /// `"${NAME}"` for env:NAME, `"$(cat -- 'PATH')"` for file:PATH; nil for prompt and for
    /// a reference that breaks the reference rules (a row written before they existed, or
    /// edited by hand): it is then only mentioned in an escaped comment.
    static func shellExpansion(_ reference: String) -> String? {
        guard PasswordReferenceSyntax.problem(in: reference) == nil else { return nil }
        if reference.hasPrefix("env:") { return "\"${\(reference.dropFirst(4))}\"" }
        if reference.hasPrefix("file:") { return "\"$(cat -- \(shellQuote(String(reference.dropFirst(5)))))\"" }
        return nil
    }

    /// The renewal policy in words, for a comment (the JSON export carries it as fields).
    static func renewalSummary(_ policy: RenewalPolicy) -> String {
        var text = "renewal (certkeeper rotate due): \(policy.registrationName), renew_before \(policy.renewBefore), overlap \(DurationSpec(seconds: policy.overlapSeconds))"
        if let hook = policy.deployHook { text += ", deploy hook: \(hook)" }
        if !policy.deployTargets.isEmpty { text += ", deploy targets: \(policy.deployTargets.joined(separator: " "))" }
        return text
    }

    /// A `#` comment line (shell and HCL alike): control characters are shown as escapes, so
    /// nothing in `text` can end the comment and start a line of code.
    static func comment(_ text: String) -> String {
        var line = "# "
        for scalar in text.unicodeScalars {
            if PasswordReferenceSyntax.isControl(scalar) {
                line += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                line.unicodeScalars.append(scalar)
            }
        }
        return line
    }

    /// A single-quoted shell word. A value with control characters (a certificate path with a
    /// newline) uses bash's `$'…'` so every export stays on one line.
    static func shellQuote(_ value: String) -> String {
        guard PasswordReferenceSyntax.hasControlCharacters(value) else {
            return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        var quoted = "$'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "'": quoted += "\\'"
            default:
                if PasswordReferenceSyntax.isControl(scalar) {
                    quoted += scalar.value < 0x80 ? String(format: "\\x%02X", scalar.value) : String(format: "\\u%04X", scalar.value)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "'"
    }

    /// An HCL quoted string: quotes, backslashes and every control character escaped
    /// (`\uNNNN`), template sequences (`${`, `%{`) doubled so Terraform never evaluates them.
    static func hclString(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if PasswordReferenceSyntax.isControl(scalar) {
                    escaped += String(format: "\\u%04X", scalar.value)
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        escaped = escaped.replacingOccurrences(of: "${", with: "$${").replacingOccurrences(of: "%{", with: "%%{")
        return "\"\(escaped)\""
    }
}
