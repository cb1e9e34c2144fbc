// swift-tools-version:6.0
// libFuzzer targets for certkeeper's parsers. A package of its own, so the main build never
// compiles them; it depends on certkeeper by path. Build and run with scripts/fuzz.sh
// (docs/testing.md): `-sanitize=fuzzer,address`, scratch folder .build-fuzz/.
import PackageDescription

// Each target's main.swift runs libFuzzer's driver on its fuzz function.
func fuzzer(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: dependencies + ["CFuzzDriver"])
}

let base: Target.Dependency = .product(name: "CertKeeperBase", package: "certkeeper")
let crypto: Target.Dependency = .product(name: "CertKeeperCrypto", package: "certkeeper")
let core: Target.Dependency = .product(name: "CertKeeperCore", package: "certkeeper")
let idp: Target.Dependency = .product(name: "CertKeeperIdP", package: "certkeeper")

let package = Package(
    name: "certkeeper-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "certkeeper", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        // PEM/DER documents: certificates, requests, keys, public keys, bundles.
        fuzzer("fuzz-document", [crypto, core]),
        // PKCS#12 (PFX) reading and inspection.
        fuzzer("fuzz-pkcs12", [crypto]),
        // Distinguished names (`--subject`).
        fuzzer("fuzz-dn", [crypto]),
        // Durations and expiry thresholds (`--warn 30d`, `--overlap 24h`, `--replication-delay`).
        fuzzer("fuzz-duration", [base, core]),
        // `profile import`: certkeeper JSON and entratool profiles.json.
        fuzzer("fuzz-profile-import", [core]),
        // certkeeper-idp: the token endpoint's client assertion, its form body, Graph JSON bodies.
        .target(name: "IdPFuzzFixture", dependencies: [crypto, idp]),
        fuzzer("fuzz-idp-assertion", [crypto, idp, "IdPFuzzFixture"]),
        fuzzer("fuzz-idp-form", [idp, "IdPFuzzFixture"]),
        fuzzer("fuzz-idp-json", [crypto, idp, "IdPFuzzFixture"]),
    ]
)
