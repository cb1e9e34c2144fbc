import ArgumentParser
import CertKeeperBase
import CertKeeperCrypto

/// Checks on `--subject` and `--san` shared by the commands that put them in a certificate
/// or request: they must parse, and no value may hold a control character (a newline in a
/// CN or DNS name would reach every terminal and report that shows it).
enum CertificateNameOptions {
    static func validate(subject: String, sans: [String]) throws {
        let name: DistinguishedName
        do { name = try DistinguishedName(parsing: subject) } catch { throw ValidationError("\(error.description).") }
        for attribute in name.attributes where attribute.value.unicodeScalars.contains(where: TerminalText.needsEscape) {
            throw ValidationError("--subject: \(attribute.type) holds a control character (newline, tab, escape): remove it.")
        }
        for text in sans {
            let parsed: SubjectAlternativeName
            do { parsed = try SubjectAlternativeName(parsing: text) } catch { throw ValidationError("\(error.description).") }
            if parsed.value.unicodeScalars.contains(where: TerminalText.needsEscape) || (parsed.description.hasPrefix("dns:") && parsed.value.contains(" ")) {
                throw ValidationError("--san \(TerminalText.escaped(text)) holds a control character or space: remove it.")
            }
        }
    }
}
