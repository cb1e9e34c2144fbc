import Foundation

/// An X.509 distinguished name as an ordered list of attributes, in the order they are
/// encoded (the order a user typed them in `--subject`).
///
/// Parses both RFC 4514-style strings (`CN=MyApp,O=Contoso\, Ltd,C=US`) and OpenSSL's slash
/// form (`/C=US/O=Contoso/CN=MyApp`). Prints `CN=MyApp, O=Contoso\, Ltd, C=US`, which parses
/// back to the same name.
public struct DistinguishedName: Sendable, Hashable, CustomStringConvertible {
    public struct Attribute: Sendable, Hashable {
        /// Short name as OpenSSL knows it: `CN`, `O`, `OU`, `C`, `L`, `ST`, `emailAddress`, …
        public let type: String
        public let value: String

        public init(type: String, value: String) {
            self.type = type
            self.value = value
        }
    }

    public let attributes: [Attribute]

    public init(attributes: [Attribute]) { self.attributes = attributes }

    /// The first common name, which is what portals show as the certificate's name.
    public var commonName: String? { attributes.first { $0.type == "CN" }?.value }

    public var description: String {
        attributes.map { "\($0.type)=\(Self.escape($0.value))" }.joined(separator: ", ")
    }

    /// Parses a subject string. Throws `.invalidParameter` with the offending part.
    public init(parsing text: String) throws(CryptoError) {
        let trimmed = Self.trimmed(text)
        guard !trimmed.isEmpty else {
            throw CryptoError(.invalidParameter, "the subject is empty: give one like \"CN=MyApp,O=Contoso\"")
        }
        let parts =
            trimmed.hasPrefix("/")
            ? try Self.split(String(trimmed.dropFirst()), separator: "/")
            : try Self.split(trimmed, separator: ",")
        var attributes: [Attribute] = []
        for part in parts {
            // Unicode scalars, not Characters: a combining mark at the start of a value
            // would otherwise merge with the '=' into one grapheme cluster and hide it.
            guard let equals = part.unicodeScalars.firstIndex(of: "=") else {
                throw CryptoError(.invalidParameter, "subject part \"\(part)\" has no '=': write TYPE=value, e.g. CN=MyApp")
            }
            let type = String(part.unicodeScalars[..<equals]).trimmingCharacters(in: .whitespaces)
            let afterEquals = part.unicodeScalars.index(after: equals)
            let value = try Self.unescape(Self.trimmed(String(part.unicodeScalars[afterEquals...])))
            guard !type.isEmpty, !value.isEmpty else {
                throw CryptoError(.invalidParameter, "subject part \"\(part)\" needs both a type and a value")
            }
            // RFC 4514: a name (CN, organizationName, ...) or a dotted OID. Anything else
            // (a stray ',' inside a /-separated subject, say) would print as a different name.
            guard Self.isAttributeType(type) else {
                throw CryptoError(.invalidParameter, "subject part \"\(part)\": \"\(type)\" is not an attribute type (CN, O, OU, C, ... or an OID)")
            }
            attributes.append(Attribute(type: Self.canonicalType(type), value: value))
        }
        self.attributes = attributes
    }

    /// Splits on unescaped separators, keeping escapes for `unescape`. Works on Unicode
    /// scalars: an escaped combining mark is one scalar after the backslash, not part of
    /// the backslash's grapheme cluster.
    private static func split(_ text: String, separator: Unicode.Scalar) throws(CryptoError) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                current.append("\\")
                current.append(scalar)
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else if scalar == separator {
                parts.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        guard !escaping else {
            throw CryptoError(.invalidParameter, "the subject ends with a lone backslash")
        }
        parts.append(String(current))
        return parts
    }

    private static func unescape(_ text: String) throws(CryptoError) -> String {
        var bytes: [UInt8] = []
        var characters = Array(text.unicodeScalars)[...]
        while let scalar = characters.popFirst() {
            guard scalar == "\\" else {
                bytes.append(contentsOf: Array(String(scalar).utf8))
                continue
            }
            guard let next = characters.popFirst() else {
                throw CryptoError(.invalidParameter, "the subject ends with a lone backslash")
            }
            // RFC 4514 `\XX` hex pair, or an escaped special character.
            if next.properties.isASCIIHexDigit, let low = characters.first, low.properties.isASCIIHexDigit,
                let byte = UInt8(String(next) + String(low), radix: 16)
            {
                characters.removeFirst()
                bytes.append(byte)
            } else {
                bytes.append(contentsOf: Array(String(next).utf8))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func escape(_ value: String) -> String {
        var result = String.UnicodeScalarView()
        let scalars = value.unicodeScalars
        let last = scalars.count - 1
        for (offset, scalar) in scalars.enumerated() {
            let special =
                ",+\"\\<>;=".unicodeScalars.contains(scalar)
                || (offset == 0 && (Self.isWhitespace(scalar) || scalar == "#"))
                || (offset == last && Self.isWhitespace(scalar))
            if special { result.append("\\") }
            result.append(scalar)
        }
        return String(result)
    }

    /// The whitespace the parser trims around a value; printed escaped at either end.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool { CharacterSet.whitespaces.contains(scalar) }

    /// `text` without the whitespace around it, except whitespace escaped with a backslash
    /// (`CN=a\ ` and `CN=\<TAB>x` keep theirs: that is how such a value is written).
    private static func trimmed(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)[...]
        while let first = scalars.first, isWhitespace(first) { scalars.removeFirst() }
        while let last = scalars.last, isWhitespace(last) {
            let backslashes = scalars.dropLast().reversed().prefix { $0 == "\\" }.count
            if backslashes % 2 == 1 { break }
            scalars.removeLast()
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    private static func isAttributeType(_ type: String) -> Bool {
        guard type.unicodeScalars.allSatisfy(\.isASCII), let first = type.first else { return false }
        if first.isNumber {
            let arcs = type.split(separator: ".", omittingEmptySubsequences: false)
            return arcs.count > 1 && arcs.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        }
        return first.isLetter && type.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    }

    /// Accepts the long and differently-cased spellings people type.
    private static func canonicalType(_ type: String) -> String {
        switch type.lowercased() {
        case "cn", "commonname": "CN"
        case "o", "organizationname": "O"
        case "ou", "organizationalunitname": "OU"
        case "c", "countryname": "C"
        case "l", "localityname": "L"
        case "st", "s", "stateorprovincename": "ST"
        case "street", "streetaddress": "street"
        case "dc", "domaincomponent": "DC"
        case "e", "email", "emailaddress": "emailAddress"
        case "uid", "userid": "UID"
        case "serialnumber": "serialNumber"
        default: type
        }
    }
}
