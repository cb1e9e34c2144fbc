import CertKeeperCrypto
import Foundation

enum FileNames {
    /// "CN=My App (prod)" → "my-app-prod"; "certificate" when nothing usable is left.
    static func safeBaseName(for subject: DistinguishedName) -> String {
        let source = subject.commonName ?? ""
        var result = ""
        for scalar in source.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" {
                result.unicodeScalars.append(scalar)
            } else if !result.hasSuffix("-") {
                result.append("-")
            }
        }
        let trimmed = result.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return trimmed.isEmpty ? "certificate" : trimmed
    }
}
