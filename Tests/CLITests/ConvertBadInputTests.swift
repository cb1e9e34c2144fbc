import Foundation
import TestSupport
import Testing

/// Converter bad input: one line naming the file and the problem, exit 1 (64 for usage),
/// nothing written.
extension BadInputTests {
    @Test func converterBadInputs() throws {
        let chain = try CertificateChainFixture()
        let directory = chain.directory
        let pfx = directory.file("app.pfx")
        try IndependentTools.openssl(["pkcs12", "-export", "-in", chain.leafPath, "-inkey", chain.leafKeyPath, "-out", pfx, "-passout", "pass:right"])
        let before = try directory.contents()
        let wrong: [String: String?] = ["PW": "wrong"]

        expectOneLineError(
            try Binaries.runCertkeeper(
                [
                    "convert", "pfx-to-pem", "--in", pfx, "--out-cert", directory.file("c.pem"), "--out-key", directory.file("k.pem"),
                    "--in-password-env", "PW", "--no-key-encryption",
                ], environment: wrong),
            mentioning: ["wrong password for \(pfx) (or the file is corrupt)"]
        )
        expectOneLineError(
            try Binaries.runCertkeeper(["convert", "pfx-to-cer", "--in", pfx, "--out", directory.file("c.cer"), "--password-env", "PW"], environment: wrong),
            mentioning: ["wrong password for \(pfx)"]
        )
        // A PEM where a PFX is expected, and the other way round.
        expectOneLineError(
            try Binaries.runCertkeeper(["convert", "pfx-to-cer", "--in", chain.leafPath, "--out", directory.file("c.cer")]),
            mentioning: [chain.leafPath, "is PEM text, not a PFX"]
        )
        expectOneLineError(
            try Binaries.runCertkeeper(["convert", "pem-to-pfx", "--cert", pfx, "--out", directory.file("x.pfx"), "--no-password"]),
            mentioning: [pfx, "is a PFX (PKCS#12) file, not PEM", "pfx-to-pem"]
        )
        expectOneLineError(
            try Binaries.runCertkeeper(["convert", "der-to-pem", "--in", pfx, "--out", directory.file("x.pem")]),
            mentioning: [pfx, "is a PFX"]
        )
        // Key and certificate that do not match: both thumbprints named.
        let sha1 = try IndependentTools.opensslFingerprint(of: chain.leafPath, digest: "sha1")
        let sha256 = try IndependentTools.opensslFingerprint(of: chain.leafPath, digest: "sha256")
        expectOneLineError(
            try Binaries.runCertkeeper([
                "convert", "pem-to-pfx", "--cert", chain.leafPath, "--key", directory.file("root.key.pem"),
                "--out", directory.file("x.pfx"), "--no-password",
            ]),
            mentioning: ["does not belong", sha1, sha256]
        )
        // A cert-only PEM without --key.
        expectOneLineError(
            try Binaries.runCertkeeper(["convert", "pem-to-pfx", "--cert", chain.leafPath, "--out", directory.file("x.pfx"), "--no-password"]),
            mentioning: [chain.leafPath, "holds no private key", "--key"]
        )
        // A PFX without a key where one is needed.
        let keyless = directory.file("keyless.pfx")
        try IndependentTools.openssl(["pkcs12", "-export", "-nokeys", "-in", chain.leafPath, "-out", keyless, "-passout", "pass:right"])
        expectOneLineError(
            try Binaries.runCertkeeper(
                [
                    "convert", "pfx-to-pem", "--in", keyless, "--out-cert", directory.file("c.pem"), "--out-key", directory.file("k.pem"),
                    "--in-password-env", "PW", "--no-key-encryption",
                ], environment: ["PW": "right"]),
            mentioning: [keyless, "holds no private key", "pfx-to-cer"]
        )
        // Truncated PFX.
        let bytes = try directory.read("app.pfx")
        let truncated = try directory.write(Array(bytes.prefix(bytes.count - 300)), to: "truncated.pfx")
        expectOneLineError(
            try Binaries.runCertkeeper(["convert", "pfx-to-cer", "--in", truncated, "--out", directory.file("c.cer")]),
            mentioning: [truncated, "not a PFX"]
        )
        // Iterations over the limit: a usage error.
        let iterations = try Binaries.runCertkeeper([
            "convert", "pem-to-pfx", "--cert", chain.leafPath, "--key", chain.leafKeyPath,
            "--out", directory.file("x.pfx"), "--iterations", "600001", "--no-password",
        ])
        #expect(iterations.status == 64)
        #expect(iterations.stderr.hasPrefix("Error: --iterations 600001: iteration count 600001 is over the maximum of 600000"))
        // A new password needed, no option and no terminal.
        expectOneLineError(
            try Binaries.runCertkeeper(["convert", "pem-to-pfx", "--cert", chain.leafPath, "--key", chain.leafKeyPath, "--out", directory.file("x.pfx")]),
            mentioning: ["x.pfx needs a password and there is no terminal", "--out-password-env NAME", "--no-password"]
        )
        #expect(try directory.contents() == (before + ["keyless.pfx", "truncated.pfx"]).sorted())
    }
}
