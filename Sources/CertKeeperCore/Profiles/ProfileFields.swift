import CertKeeperStore
import Foundation

/// Checks on what a user types into a profile, with messages that say what is expected.
enum ProfileFields {
    static func name(_ value: String) throws(CoreError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let allowed = trimmed.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
        guard !trimmed.isEmpty, trimmed.count <= 64, allowed, !trimmed.hasPrefix("-") else {
            throw CoreError(.invalidInput, "profile name \"\(value)\" must be 1–64 letters, digits, '.', '_' or '-' (e.g. payroll-prod)")
        }
        return trimmed
    }

    /// A tenant is a GUID or a verified domain (contoso.onmicrosoft.com).
    static func tenant(_ value: String) throws(CoreError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if isGUID(trimmed) { return trimmed.lowercased() }
        let labels = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        let isDomain =
            labels.count >= 2
            && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }
            }
        guard isDomain else {
            throw CoreError(.invalidInput, "tenant \"\(value)\" is neither a GUID nor a domain name: copy the Directory (tenant) ID from the app registration's overview")
        }
        return trimmed.lowercased()
    }

    static func guid(_ value: String, field: String) throws(CoreError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard isGUID(trimmed) else {
            throw CoreError(.invalidInput, "\(field) \"\(value)\" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx): copy it from the app registration's overview")
        }
        return trimmed.lowercased()
    }

    /// https, or plain http only for a loopback host (the local emulator).
    static func endpoint(_ value: String, field: String) throws(CoreError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
            url.query == nil, url.fragment == nil
        else {
            throw CoreError(.invalidInput, "\(field) \"\(value)\" is not a URL like https://login.microsoftonline.com")
        }
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased())
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw CoreError(.invalidInput, "\(field) \"\(value)\" must use https (plain http only for a loopback address)")
        }
        return trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
    }

    /// Client-credential scopes are one resource's `/.default` (else AADSTS70011).
    static func scope(_ value: String, field: String) throws(CoreError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("/.default"), !trimmed.contains(" "), trimmed.count > "/.default".count else {
            throw CoreError(.invalidInput, "\(field) \"\(value)\" must be a resource followed by /.default, e.g. https://graph.microsoft.com/.default")
        }
        return trimmed
    }

    static func algorithm(_ value: String) throws(CoreError) -> AssertionAlgorithm {
        guard let algorithm = AssertionAlgorithm(rawValue: value.uppercased()) else {
            throw CoreError(.invalidInput, "assertion algorithm \"\(value)\" is not PS256 or RS256")
        }
        return algorithm
    }

    static func isGUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}
