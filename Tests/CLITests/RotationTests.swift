import Foundation
import TestSupport
import Testing

/// `certkeeper rotate` against `certkeeper-idp`, which verifies every assertion and Graph
/// proof for real: a rotation is only "completed" when the emulator accepted the new
/// certificate and removed the old one.
@Suite("rotate", .serialized)
struct RotationTests {
    @Test func graphRotationCompletesAndOnlyTheNewCertificateStaysRegistered() throws {
        let fixture = try RotationFixture()
        let old = try fixture.firstThumbprint()
        let run = try fixture.start(["--register", "graph", "--overlap", "0"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("completed"))
        let status = try fixture.status()
        #expect(status["state"] as? String == "completed")
        let new = try #require(status["new_sha1_thumbprint"] as? String)
        #expect(status["old_sha1_thumbprint"] as? String == old)
        #expect(try fixture.registeredThumbprints() == [new])
        #expect(try fixture.profileThumbprint() == new)
        #expect(try fixture.tokenWorks())

        // The staged PFX: 0600 in a 0700 directory, readable by openssl with the profile's password only.
        let pfx = try #require(status["new_certificate_path"] as? String)
        #expect(try Self.mode(pfx) == 0o600)
        #expect(try Self.mode((pfx as NSString).deletingLastPathComponent) == 0o700)
        let info = try IndependentTools.openssl(["pkcs12", "-in", pfx, "-nokeys", "-passin", "env:PW"], environment: ["PW": RotationFixture.password])
        #expect(info.status == 0, "\(info)")
        let fingerprint = try IndependentTools.openssl(["x509", "-noout", "-fingerprint", "-sha1"], stdin: Array(info.stdout.utf8))
        #expect(fingerprint.stdout.replacingOccurrences(of: ":", with: "").contains(new))
        let cer = (pfx as NSString).deletingPathExtension + ".cer"
        #expect(try IndependentTools.opensslFingerprint(of: cer, digest: "sha1", inform: "DER") == new)

        // The new certificate copies the old subject, is RSA 2048 and lives as long (30 days).
        let text = try IndependentTools.openssl(["x509", "-in", cer, "-inform", "DER", "-noout", "-subject", "-text"]).stdout
        #expect(text.contains("subject=CN = app"))
        #expect(text.contains("Public-Key: (2048 bit)"))
        #expect(text.contains("TLS Web Client Authentication"))

        // history tells the story, and the password never reached the inventory.
        let history = try fixture.run(["history", "-p", RotationFixture.profile])
        for action in ["rotation.started", "rotation.staged", "rotation.registered", "rotation.verified", "rotation.promoted", "rotation.retired", "rotation.completed"] {
            #expect(history.stdout.contains(action), "missing \(action)")
        }
        for file in ["inventory.sqlite", "inventory.sqlite-wal"] {
            let bytes = (try? fixture.home.read(file)) ?? []
            #expect(bytes.firstRange(of: Array(RotationFixture.password.utf8)) == nil, "password found in \(file)")
        }
        #expect(!run.stdout.contains(RotationFixture.password) && !run.stderr.contains(RotationFixture.password))
    }

    @Test func guidedRotationWaitsForTheUploadThenCompletesAndRevisionRollbackReturns() throws {
        let fixture = try RotationFixture()
        let old = try fixture.firstThumbprint()
        let start = try fixture.start(["--register", "guided", "--overlap", "0"])
        #expect(start.status == 0, "\(start)")
        #expect(start.stdout.contains("Upload the new certificate"))
        #expect(start.stdout.contains("staged, waiting"))
        let staged = try fixture.status()
        #expect(staged["state"] as? String == "staged")
        let new = try #require(staged["new_sha1_thumbprint"] as? String)
        #expect(start.stdout.contains(new))
        #expect(try fixture.profileThumbprint() == old, "the profile keeps its certificate until the new one is proven")

        // Still not uploaded: resume says so again and stays staged.
        let early = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile])
        #expect(early.status == 0)
        #expect(try fixture.status()["state"] as? String == "staged")

        // The operator uploads the .cer (here: into the emulator), then resumes, polling
        // until the directory shows it.
        let path = try #require(staged["new_certificate_path"] as? String)
        try fixture.registerWithEmulator((path as NSString).deletingPathExtension + ".cer")
        let resume = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile, "--wait"])
        #expect(resume.status == 0, "\(resume)")
        #expect(resume.stdout.contains("Remove the certificate \(old)"), "guided removal steps name the old thumbprint")
        #expect(try fixture.status()["state"] as? String == "completed")
        #expect(try fixture.profileThumbprint() == new)

        // Guided retire only told the operator; the old certificate is still registered, so
        // revision 0 can be returned to — and it really gets tokens afterwards.
        let back = try fixture.run(["rotate", "rollback", "-p", RotationFixture.profile, "--to", "0"])
        #expect(back.status == 0, "\(back)")
        #expect(try fixture.profileThumbprint() == old)
        #expect(try fixture.tokenWorks())
    }

    @Test func verificationFailureRollsBackAndRemovesTheAddedKey() throws {
        // The emulator makes new keys usable only after a minute; verification gives up after 2 s.
        let fixture = try RotationFixture(serveArguments: ["--replication-delay", "60s"])
        let old = try fixture.firstThumbprint()
        let run = try fixture.start(["--register", "graph", "--overlap", "0", "--verify-timeout", "2s"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.contains("rolled_back"))
        #expect(run.stderr.contains("AADSTS700027"))
        #expect(run.stderr.contains("trace id:"))
        #expect(try fixture.status()["state"] as? String == "rolled_back")
        #expect(try fixture.profileThumbprint() == old)
        #expect(try fixture.registeredThumbprints() == [old], "the key rotation added is removed again")
        #expect(try fixture.tokenWorks())
    }

    @Test func verificationWaitsOutReplication() throws {
        let fixture = try RotationFixture(serveArguments: ["--replication-delay", "3s"])
        let run = try fixture.start(["--register", "graph", "--overlap", "0", "--verify-timeout", "2m"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("not accepted yet"))
        #expect(try fixture.status()["state"] as? String == "completed")
        #expect(try fixture.tokenWorks())
    }

    @Test func overlapKeepsTheOldCredentialAndRollbackAfterPromotionReturnsToIt() throws {
        let fixture = try RotationFixture()
        let old = try fixture.firstThumbprint()
        let run = try fixture.start(["--register", "graph", "--overlap", "24h"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("promoted"))
        let status = try fixture.status()
        #expect(status["state"] as? String == "promoted")
        let new = try #require(status["new_sha1_thumbprint"] as? String)
        #expect(try fixture.registeredThumbprints() == [old, new])
        #expect(try fixture.profileThumbprint() == new)
        // Resuming before the overlap ends changes nothing.
        #expect(try fixture.run(["rotate", "resume", "-p", RotationFixture.profile]).status == 0)
        #expect(try fixture.registeredThumbprints() == [old, new])

        let rollback = try fixture.run(["rotate", "rollback", "-p", RotationFixture.profile])
        #expect(rollback.status == 0, "\(rollback)")
        #expect(try fixture.status()["state"] as? String == "rolled_back")
        #expect(try fixture.profileThumbprint() == old)
        #expect(try fixture.registeredThumbprints() == [old])
        #expect(try fixture.tokenWorks())
    }

    @Test func retireNeverRemovesTheOnlyWorkingCredential() throws {
        let fixture = try RotationFixture()
        let old = try fixture.firstThumbprint()
        #expect(try fixture.start(["--register", "graph", "--overlap", "1s"]).status == 0)
        let new = try #require(try fixture.status()["new_sha1_thumbprint"] as? String)
        // Someone deletes the new credential in the portal during the overlap.
        try fixture.removeFromEmulator(new)
        var retire = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile])
        for _ in 0..<20 where retire.stdout.contains("promoted;") {
            usleep(250_000)
            retire = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile])
        }
        #expect(retire.status == 1, "\(retire)")
        #expect(retire.stderr.contains("old credential is kept"))
        #expect(try fixture.registeredThumbprints() == [old])
        #expect(try fixture.status()["state"] as? String == "promoted")
        // Rolling back returns the profile to the credential that still works.
        #expect(try fixture.run(["rotate", "rollback", "-p", RotationFixture.profile]).status == 0)
        #expect(try fixture.tokenWorks())
    }

    @Test func deployHookGetsTheFactsAndAFailingHookDoesNotUndoPromotion() throws {
        let fixture = try RotationFixture()
        let old = try fixture.firstThumbprint()
        let out = fixture.home.file("hook.env")
        let hook = "env | grep ^CERTKEEPER_ | sort > '\(out)'; exit 3"
        let run = try fixture.start(["--register", "graph", "--overlap", "0", "--deploy-hook", hook])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("exited with status 3"))
        let status = try fixture.status()
        #expect(status["state"] as? String == "completed")
        let environment = String(decoding: try fixture.home.read("hook.env"), as: UTF8.self)
        #expect(environment.contains("CERTKEEPER_PROFILE=\(RotationFixture.profile)"))
        #expect(environment.contains("CERTKEEPER_OLD_THUMBPRINT_SHA1=\(old)"))
        #expect(environment.contains("CERTKEEPER_NEW_THUMBPRINT_SHA1=\(status["new_sha1_thumbprint"] as? String ?? "?")"))
        #expect(environment.contains("CERTKEEPER_NEW_THUMBPRINT_SHA256=\(status["new_sha256_thumbprint"] as? String ?? "?")"))
        #expect(environment.contains("CERTKEEPER_PFX_PATH=\(status["new_certificate_path"] as? String ?? "?")"))
        #expect(!environment.contains(RotationFixture.password))
    }

    @Test func dryRunPrintsThePlanAndTouchesNothing() throws {
        let fixture = try RotationFixture()
        let run = try fixture.run(["rotate", "start", "-p", RotationFixture.profile, "--register", "graph", "--dry-run"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Graph addKey"))
        #expect(run.stdout.contains("Nothing was changed"))
        #expect(try fixture.rotationCount() == 0)
        #expect(!fixture.home.exists("keys/profile-1"))
        #expect(try fixture.registeredThumbprints() == [try fixture.firstThumbprint()])
    }

    @Test func guardsRefuseBeforeChangingAnything() throws {
        let fixture = try RotationFixture()
        // Not confirmed, no terminal.
        let unconfirmed = try fixture.run(["rotate", "start", "-p", RotationFixture.profile])
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.stderr.contains("--yes"))
        // Graph needs the object id.
        #expect(
            try fixture.run([
                "profile", "create", "--name", "no-object", "--tenant", IdPEmulator.tenant, "--client-id", IdPEmulator.clientID,
                "--cert", fixture.firstPFX, "--password-ref", "env:ROTATION_PFX_PASSWORD",
            ]).status == 0)
        let noObject = try fixture.run(["rotate", "start", "-p", "no-object", "--register", "graph", "--yes"])
        #expect(noObject.status == 1)
        #expect(noObject.stderr.contains("--app-object-id"))
        // Weak keys are a usage error.
        #expect(try fixture.start(["--bits", "1024"]).status == 64)
        #expect(try fixture.rotationCount() == 0)
    }

    @Test func anExpiredCurrentCertificateCannotUseGraph() throws {
        let fixture = try RotationFixture()
        let expired = try fixture.files.expired("expired")
        let combined = try fixture.files.directory.write(
            try fixture.files.directory.read("expired.cert.pem") + fixture.files.directory.read("expired.key.pem"), to: "expired.pem", mode: 0o600
        )
        _ = expired
        let created = try fixture.run([
            "profile", "create", "--name", "stale", "--tenant", IdPEmulator.tenant, "--client-id", IdPEmulator.clientID,
            "--cert", combined, "--password-ref", "env:ROTATION_PFX_PASSWORD", "--authority-host", fixture.idp.baseURL,
            "--app-object-id", IdPEmulator.objectID, "--graph-endpoint", fixture.idp.baseURL,
        ])
        #expect(created.status == 0, "\(created)")
        let run = try fixture.run(["rotate", "start", "-p", "stale", "--register", "graph", "--yes"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("addKey"))
        #expect(run.stderr.contains("--register guided"))
    }

    @Test func twoStartsAtTheSameInstantLetExactlyOneProceed() throws {
        let fixture = try RotationFixture()
        let results = LockedResults()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let output = try? fixture.start(["--register", "graph", "--overlap", "24h"])
            results.append(output)
        }
        let outputs = results.values.compactMap { $0 }
        #expect(outputs.count == 2)
        #expect(outputs.filter { $0.status == 0 }.count == 1, "\(outputs)")
        let loser = try #require(outputs.first { $0.status != 0 })
        // The loser meets either the lock (it arrived while the winner ran) or the
        // inventory's one-unfinished-rotation rule (it arrived after).
        #expect(loser.stderr.contains("unfinished rotation") || loser.stderr.contains("another certkeeper process"), "\(loser)")
        let list = try fixture.run(["rotate", "list", "--format", "json"])
        let rotations = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rotations.count == 1)
        #expect(try fixture.registeredThumbprints().count == 2, "exactly one new key was added")
    }

    @Test func pruneDeletesOnlyOldManagedKeyFiles() throws {
        let fixture = try RotationFixture()
        #expect(try fixture.start(["--register", "graph", "--overlap", "0"]).status == 0)
        #expect(try fixture.start(["--register", "graph", "--overlap", "0"]).status == 0)
        let keys = fixture.home.file("keys/profile-1")
        let keep = try fixture.run(["rotate", "prune", "-p", RotationFixture.profile])
        #expect(keep.status == 0, "\(keep)")
        #expect(keep.stdout.contains("nothing to prune"), "revision 1 is kept for rollback by default")
        let dry = try fixture.run(["rotate", "prune", "-p", RotationFixture.profile, "--keep", "0", "--dry-run"])
        #expect(dry.stdout.contains("would delete \(keys)/revision-1.pfx"))
        #expect(FileManager.default.fileExists(atPath: "\(keys)/revision-1.pfx"))
        let pruned = try fixture.run(["rotate", "prune", "-p", RotationFixture.profile, "--keep", "0"])
        #expect(pruned.status == 0, "\(pruned)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: keys).filter { !$0.hasPrefix(".") }.sorted() == [
                "revision-2.cer", "revision-2.keycredential.json", "revision-2.pfx",
            ])
        #expect(FileManager.default.fileExists(atPath: fixture.firstPFX), "the user's own file is never pruned")
        #expect(try fixture.tokenWorks())
        let back = try fixture.run(["rotate", "rollback", "-p", RotationFixture.profile, "--to", "1"])
        #expect(back.status == 1)
        #expect(back.stderr.contains("revision-1.pfx"))
    }

    @Test func twoResumesOfOneRotationAddTheKeyOnce() throws {
        let fixture = try RotationFixture()
        let crashed = try fixture.start(["--register", "graph", "--overlap", "24h"], environment: ["CERTKEEPER_FAULT_INJECTION": "after-staged"])
        #expect(crashed.status == SIGKILL)
        let results = LockedResults()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            results.append(try? fixture.run(["rotate", "resume", "-p", RotationFixture.profile]))
        }
        let outputs = results.values.compactMap { $0 }
        #expect(outputs.contains { $0.status == 0 }, "\(outputs)")
        if let loser = outputs.first(where: { $0.status != 0 }) {
            #expect(loser.stderr.contains("another certkeeper process") || loser.stderr.contains("moved it on"), "\(loser)")
        }
        #expect(try fixture.status()["state"] as? String == "promoted")
        #expect(try fixture.registeredThumbprints().count == 2, "the new key was added exactly once")
        #expect(try fixture.tokenWorks())
    }

    static func mode(_ path: String) throws -> mode_t {
        var status = stat()
        guard stat(path, &status) == 0 else { throw TestSupportError("stat \(path) failed") }
        return status.st_mode & 0o777
    }
}

final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [ProcessOutput?] = []
    func append(_ value: ProcessOutput?) {
        lock.lock()
        stored.append(value)
        lock.unlock()
    }
    var values: [ProcessOutput?] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
