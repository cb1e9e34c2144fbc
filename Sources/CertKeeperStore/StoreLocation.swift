import Foundation

/// Where the inventory lives: `sqlite:PATH` or `postgres://USER@HOST:PORT/DB?…`
/// (docs/postgres.md). Parsed once at the edge; its `description` is safe to print (no
/// credential ever reaches it).
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// Parses a `--store` / `CERTKEEPER_STORE` / config value. Refuses a URL that carries a
    /// password (`user:pw@`, `?password=literal`): such a URL ends up in shell history,
    /// process lists and CI logs.
    public static func parse(_ text: String) throws(StoreError) -> StoreLocation {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreError(.invalidValue, "sqlite: needs a path: sqlite:/path/to/inventory.sqlite") }
            return .sqlite(path: path)
        }
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            return .postgres(try PostgresLocation(parsing: text))
        }
        throw StoreError(
            .invalidValue,
            "unknown store \"\(PostgresLocation.printable(text.prefix(40)))\": use sqlite:PATH or postgres://USER@HOST:PORT/DB?sslmode=verify-full&sslrootcert=CA.pem"
        )
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location): location.description
        }
    }
}

/// A PostgreSQL inventory's URL, split into what libpq gets and what may be shown.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// The URL handed to libpq: as given, minus our `password=` reference.
    let connectionURI: String
    /// `host:port/db` for messages (never user, password or query).
    public let description: String
    /// `env:NAME` or `file:PATH` from `?password=…`; the caller resolves it.
    public let passwordReference: String?

    init(parsing text: String) throws(StoreError) {
        guard var components = URLComponents(string: text) else {
            throw StoreError(.invalidValue, "the store URL is not a valid postgres:// URL: use postgres://USER@HOST:PORT/DB")
        }
        // No host: libpq's default (the local socket, or PGHOST).
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let shown = "postgres://\(host)\(components.port.map { ":\($0)" } ?? "")/\(database)"
        if components.percentEncodedPassword != nil || (components.percentEncodedUser ?? "").contains(":") {
            throw StoreError(
                .invalidValue,
                "the store URL for \(Self.printable(shown)) carries a password, which would end up in shell history and logs: remove it and use PGPASSWORD, ~/.pgpass or ?password=env:NAME / ?password=file:PATH"
            )
        }
        var reference: String?
        var kept: [URLQueryItem] = []
        for item in components.percentEncodedQueryItems ?? [] {
            guard item.name == "password" else {
                kept.append(item)
                continue
            }
            let value = item.value?.removingPercentEncoding ?? ""
            guard reference == nil, value.hasPrefix("env:") || value.hasPrefix("file:"),
                PasswordReferenceSyntax.problem(in: value) == nil
            else {
                throw StoreError(
                    .invalidValue,
                    "the store URL for \(Self.printable(shown)) has a password= that is not a reference: use ?password=env:NAME or ?password=file:PATH (or PGPASSWORD, ~/.pgpass)"
                )
            }
            reference = value
        }
        components.percentEncodedQueryItems = kept.isEmpty ? nil : kept
        guard let uri = components.string else {
            throw StoreError(.invalidValue, "the store URL for \(Self.printable(shown)) cannot be rebuilt without its password reference")
        }
        connectionURI = uri
        description = Self.printable(shown)
        passwordReference = reference
    }

    /// Control characters out, so a hostile URL cannot repaint the terminal.
    static func printable(_ text: some StringProtocol) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
