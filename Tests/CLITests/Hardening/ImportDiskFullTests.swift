import Foundation
import TestSupport
import Testing

/// An import that runs out of space part-way (here: RLIMIT_FSIZE, with SIGXFSZ ignored, so
/// SQLite's writes fail with EFBIG as they would with ENOSPC) says exactly how much was
/// recorded, and the inventory holds exactly that.
@Suite("import on a full disk")
struct ImportDiskFullTests {
    @Test("the error names how many files were recorded, and the inventory agrees")
    func partialImportIsReportedExactly() throws {
        let directory = try TemporaryDirectory()
        let corpus = directory.file("corpus")
        // 1,500 distinct certificates from one key, made by Python cryptography (fast, independent).
        let made = try IndependentTools.python(
            """
            import os, sys, datetime
            from cryptography import x509
            from cryptography.x509.oid import NameOID
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import ec
            os.makedirs(sys.argv[1], exist_ok=True)
            key = ec.generate_private_key(ec.SECP256R1())
            now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
            for i in range(1500):
                name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "disk-full-%04d" % i)])
                cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                        .serial_number(i + 1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=90 + i))
                        .sign(key, hashes.SHA256()))
                open(os.path.join(sys.argv[1], "c%04d.pem" % i), "wb").write(cert.public_bytes(serialization.Encoding.PEM))
            """, [corpus])
        #expect(made.status == 0, "\(made)")
        let home = directory.file("home")
        #expect(try Binaries.runCertkeeper(["--home", home, "init"]).status == 0)
        // A file-size limit stands in for a full disk; SIGXFSZ ignored (inherited across exec) turns it into EFBIG.
        let limited = try ProcessRunner.run(
            "python3",
            [
                "-c",
                """
                import os, resource, signal, sys
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (900_000, 900_000))
                os.execv(sys.argv[1], sys.argv[1:])
                """, Binaries.certkeeper, "--home", home, "inventory", "import", corpus,
            ],
            environment: ProcessRunner.environment(["NO_COLOR": "1"]))
        #expect(limited.status == 1, "\(limited)")
        #expect(limited.stderr.split(separator: "\n").count == 1, "\(limited)")
        let counted = try IndependentTools.python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(db.execute("SELECT count(*) FROM certificate_files").fetchone()[0])
            print(db.execute("SELECT count(*) FROM certificates").fetchone()[0])
            """, [home + "/inventory.sqlite"])
        #expect(counted.status == 0, "\(counted)")
        let numbers = counted.stdout.split(separator: "\n").compactMap { Int($0) }
        let files = numbers.first ?? -1
        #expect(files > 0 && files < 1500, "expected a partial import, got \(files) files recorded:\n\(limited.stderr)")
        #expect(limited.stderr.contains("\(files) of 1500 files were recorded"), "recorded \(files); said: \(limited.stderr)")
        #expect(limited.stderr.contains("\(numbers.last ?? -1) new certificate"), "\(limited.stderr)")
        // Running it again without the limit finishes the job.
        let again = try Binaries.runCertkeeper(["--home", home, "inventory", "import", corpus])
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("imported \(1500 - (numbers.last ?? 0)) new"), "\(again)")
    }
}
