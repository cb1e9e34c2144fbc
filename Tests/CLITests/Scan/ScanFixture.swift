import CertKeeperCrypto
import Foundation
import TestSupport

/// A directory of certificates with validity periods set around `testEpoch`, scanned with
/// `--at` so every status is exact (no wall clock).
struct ScanFixture {
    static let at = "2026-01-01T00:00:00Z"  // testEpoch
    static let day: TimeInterval = 86_400

    let directory: TemporaryDirectory
    /// Certificates by file name.
    let certificates: [String: X509Certificate]
    /// A home that must never be created by `--no-inventory`.
    let absentHome: String

    /// ok, warning (exactly 30 days left), critical (exactly 7), expired (1 s ago),
    /// not yet valid, and one unreadable file.
    static func standard() throws -> ScanFixture {
        let directory = try TemporaryDirectory("certkeeper-scan")
        try FileManager.default.createDirectory(atPath: directory.file("certs"), withIntermediateDirectories: false)
        let validity: [(String, Date, Date)] = [
            ("ok.pem", testEpoch - 10 * day, testEpoch + 355 * day),
            ("warning.pem", testEpoch - 300 * day, testEpoch + 30 * day),
            ("critical.pem", testEpoch - 300 * day, testEpoch + 7 * day),
            ("expired.pem", testEpoch - 90 * day, testEpoch - 1),
            ("future.pem", testEpoch + day, testEpoch + 91 * day),
        ]
        var certificates: [String: X509Certificate] = [:]
        for (name, notBefore, notAfter) in validity {
            let certificate = try TestCertificates.make(
                commonName: "app-" + name.replacingOccurrences(of: ".pem", with: ""),
                notBefore: notBefore, notAfter: notAfter)
            try directory.write(certificate.pem, to: "certs/" + name)
            certificates[name] = certificate
        }
        try directory.write("this is not a certificate\n", to: "certs/broken.pem")
        return ScanFixture(directory: directory, certificates: certificates, absentHome: directory.file("no-home"))
    }

    var certsPath: String { directory.file("certs") }

    /// Runs `certkeeper scan certs --no-inventory --at <epoch> …` with a home that does not exist.
    func scan(_ arguments: [String], paths: [String]? = nil, environment: [String: String?] = [:]) throws -> ProcessOutput {
        try Binaries.runCertkeeper(
            ["scan"] + (paths ?? [certsPath]) + ["--no-inventory", "--at", Self.at] + arguments,
            environment: environment.merging(["CERTKEEPER_HOME": absentHome, "HOME": directory.file("no-user-home")]) { mine, _ in mine }
        )
    }
}

/// The JSON report, decoded with JSONDecoder (field names are docs/scan.md's contract).
struct ScanJSONReport: Decodable {
    struct Thresholds: Decodable {
        let warn: String
        let crit: String
        let failOn: String
    }

    struct Certificate: Decodable {
        let subject: String?
        let issuer: String?
        let serial: String?
        let sha1Thumbprint: String?
        let sha256Thumbprint: String?
        let notBefore: Date?
        let notAfter: Date?
        let daysRemaining: Int?
        let lifetimeElapsedPct: Double?
        let status: String
        let sources: [String]
        let profiles: [String]
        let error: String?
    }

    struct Summary: Decodable {
        let certificates: Int
        let ok: Int
        let warning: Int
        let critical: Int
        let expired: Int
        let notYetValid: Int
        let error: Int
        let worst: String?
        let exitCode: Int
    }

    let schema: String
    let generatedAt: Date
    let thresholds: Thresholds
    let certificates: [Certificate]
    let summary: Summary

    static func decode(_ bytes: [UInt8]) throws -> ScanJSONReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ScanJSONReport.self, from: Data(bytes))
    }
}
