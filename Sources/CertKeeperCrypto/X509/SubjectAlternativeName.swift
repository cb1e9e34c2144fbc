/// One subjectAltName entry. Parsed from `dns:…`, `email:…`, `uri:…`, `ip:…` on the command line.
public enum SubjectAlternativeName: Sendable, Hashable, CustomStringConvertible {
    case dns(String)
    case email(String)
    case uri(String)
    case ipAddress(String)

    public init(parsing text: String) throws(CryptoError) {
        guard let colon = text.firstIndex(of: ":") else {
            throw CryptoError(.invalidParameter, "SAN \"\(text)\" has no type: write dns:NAME, email:ADDR, uri:URI or ip:ADDR")
        }
        let kind = text[..<colon].lowercased()
        let value = String(text[text.index(after: colon)...])
        guard !value.isEmpty else {
            throw CryptoError(.invalidParameter, "SAN \"\(text)\" has an empty value")
        }
        switch kind {
        case "dns": self = .dns(value)
        case "email": self = .email(value)
        case "uri": self = .uri(value)
        case "ip": self = .ipAddress(value)
        default:
            throw CryptoError(.invalidParameter, "SAN type \"\(kind)\" is unknown: use dns:, email:, uri: or ip:")
        }
    }

    public var value: String {
        switch self {
        case .dns(let value), .email(let value), .uri(let value), .ipAddress(let value): value
        }
    }

    /// `dns:example.com`: the form `--san` takes, so output can be pasted back.
    public var description: String {
        switch self {
        case .dns(let value): "dns:\(value)"
        case .email(let value): "email:\(value)"
        case .uri(let value): "uri:\(value)"
        case .ipAddress(let value): "ip:\(value)"
        }
    }
}
