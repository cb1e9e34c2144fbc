// swift-tools-version:6.0
// certkeeper — certificate lifecycle and rotation manager. Module layout: docs/ARCHITECTURE.md.
// Dependencies point one way: certkeeper (CLI) → CertKeeperCore → {Crypto, Store, Entra} →
// CertKeeperBase, Entra → CertKeeperHTTP; the emulator (certkeeper-idp → CertKeeperIdP)
// shares only Crypto and Base.
import PackageDescription

let package = Package(
    name: "certkeeper",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "certkeeper", targets: ["certkeeper"]),
        .library(name: "CertKeeperBase", targets: ["CertKeeperBase"]),
        .library(name: "CertKeeperCrypto", targets: ["CertKeeperCrypto"]),
        .library(name: "CertKeeperCore", targets: ["CertKeeperCore"]),
        .executable(name: "certkeeper-idp", targets: ["certkeeper-idp"]),
        .library(name: "CertKeeperEntra", targets: ["CertKeeperEntra"]),
        // For the fuzz package (Fuzz/), which reaches the emulator's parsers through it.
        .library(name: "CertKeeperIdP", targets: ["CertKeeperIdP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // certkeeper-idp only (the emulator's HTTP server); never a dependency of the CLI.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // What the CLI stack and the emulator both need, with no dependency at all: atomic file
        // writing and reading, RFC 3339 times, durations, terminal-safe text.
        .target(name: "CertKeeperBase"),
        // libcrypto through pkg-config (apt: libssl-dev) plus static inline shims for macros.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // The only module that sees OpenSSL pointers; exports Swift value types.
        .target(name: "CertKeeperCrypto", dependencies: ["COpenSSL"]),
        // The system's libcurl (built on the system's OpenSSL) through pkg-config.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        // The one HTTP transport (libcurl): requests and responses as values, trust (system
        // roots + one CA bundle), proxies, deadline, response cap. No curl pointer leaves it.
        // request_key(2)/keyctl(2) for keyring: password references (the Linux kernel keyring).
        .systemLibrary(name: "CKeyring"),
        .target(name: "CertKeeperHTTP", dependencies: ["CCurl", "CertKeeperBase", "CertKeeperCrypto"]),
        // libpq (the PostgreSQL client library, on the system's OpenSSL) through pkg-config.
        .systemLibrary(
            name: "CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        // The inventory on SQLite (GRDB, system libsqlite3) or PostgreSQL (libpq): all SQL
        // lives here, behind InventoryStore. No libpq pointer leaves it.
        .target(
            name: "CertKeeperStore",
            dependencies: [
                "CertKeeperBase", "CPostgres", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API for the scan's row loop (SQLite/ColumnReader.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Token client (client assertions, token endpoint, AADSTS diagnosis) and Graph keys.
        .target(name: "CertKeeperEntra", dependencies: ["CertKeeperBase", "CertKeeperCrypto", "CertKeeperHTTP"]),
        // Workflows, files on disk, secret references.
        .target(
            name: "CertKeeperCore",
            dependencies: [
                "CertKeeperBase",
                "CertKeeperCrypto",
                "CertKeeperStore",
                "CertKeeperEntra",
                "CertKeeperHTTP",
                "CKeyring",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "certkeeper",
            dependencies: [
                "CertKeeperBase",
                "CertKeeperCore",
                "CertKeeperCrypto",
                "CertKeeperEntra",
                "CertKeeperHTTP",
                "CertKeeperStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Local Entra ID emulator: assertion verification, token issuing, directory state (GRDB).
        // No HTTP here, so it is unit-testable without a socket.
        .target(
            name: "CertKeeperIdP",
            dependencies: ["CertKeeperBase", "CertKeeperCrypto", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The emulator's executable: argument parsing, Hummingbird routes, TLS through libssl.
        .executableTarget(
            name: "certkeeper-idp",
            dependencies: [
                "CertKeeperBase",
                "CertKeeperIdP",
                "CertKeeperCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["CertKeeperCrypto"], path: "Tests/TestSupport"),
        .testTarget(name: "CertKeeperBaseTests", dependencies: ["CertKeeperBase", "TestSupport"]),
        .testTarget(name: "CertKeeperCryptoTests", dependencies: ["CertKeeperCrypto", "TestSupport"]),
        .testTarget(
            name: "CertKeeperStoreTests",
            dependencies: ["CertKeeperStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "CertKeeperCoreTests",
            dependencies: ["CertKeeperBase", "CertKeeperCore", "CertKeeperCrypto", "CertKeeperEntra", "CertKeeperStore", "TestSupport"]
        ),
        .testTarget(name: "CertKeeperEntraTests", dependencies: ["CertKeeperEntra", "CertKeeperHTTP", "certkeeper-idp", "TestSupport"]),
        .testTarget(name: "CertKeeperHTTPTests", dependencies: ["CertKeeperHTTP", "certkeeper-idp", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["certkeeper", "certkeeper-idp", "TestSupport", "CertKeeperStore"]),
        .testTarget(
            name: "CertKeeperIdPTests",
            dependencies: ["CertKeeperIdP", "CertKeeperCrypto", "certkeeper-idp", "TestSupport"]
        ),
    ]
)
