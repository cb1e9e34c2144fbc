import Foundation
import Synchronization
import TestSupport
import Testing

/// A rotation staged on one runner and finished on another (docs/postgres.md, "Rotations
/// across runners"), process level, on each backend: the staged PFX travels in the inventory
/// (PBES2 / AES-256-CBC, checked with openssl and Python cryptography), its password never
/// does, and a runner without the password refuses in one line naming where it was staged,
/// leaving the store exactly as it was.
@Suite("staged key across runners")
struct StagedKeyAcrossRunnersTests {
    @Test("two racing rotate starts from two runners: exactly one proceeds, the other names the holder", arguments: TeamRunners.backends)
    func racingStarts(backend: String) throws {
        let team = try TeamRunners(backend)
        // The hook keeps the winner holding the lock for a while after promotion.
        let arguments = ["rotate", "start", "-p", RotationFixture.profile, "--yes", "--register", "graph", "--overlap", "24h", "--deploy-hook", "sleep 3"]
        let outputs = Mutex<[Int: ProcessOutput]>([:])
        let group = DispatchGroup()
        for runner in 0..<2 {
            group.enter()
            Thread {
                defer { group.leave() }
                let output = try? (runner == 0 ? team.fixture.run(arguments) : team.runB(arguments))
                outputs.withLock { $0[runner] = output }
            }.start()
        }
        group.wait()
        let results = outputs.withLock { $0 }.sorted { $0.key < $1.key }.map(\.value)
        #expect(results.count == 2)
        #expect(results.filter { $0.status == 0 }.count == 1, "\(results)")
        let refused = try #require(results.first { $0.status != 0 })
        #expect(refused.status == 1, "\(refused)")
        let lines = refused.stderr.split(separator: "\n")
        let holder = try TeamRunners.userAtHost()
        #expect(lines.count == 1 && lines[0].contains("\(holder) since "), "\(refused)")
        #expect(try team.query("SELECT count(*) FROM rotations") == "1")
        #expect(try team.fixture.registeredThumbprints().count == 2, "the new key was added exactly once")
        #expect(try team.fixture.tokenWorks())
    }

    @Test("a rotation staged by runner A is resumed and completed by runner B from the inventory's copy", arguments: TeamRunners.backends)
    func stagedHereFinishedThere(backend: String) throws {
        let team = try TeamRunners(backend)
        let started = try team.fixture.start(["--register", "guided", "--overlap", "0"])
        #expect(started.status == 0, "\(started)")
        let status = try team.fixture.status()
        #expect(status["state"] as? String == "staged")
        let newSHA1 = try #require(status["new_sha1_thumbprint"] as? String)
        let pathOnA = try #require(status["new_certificate_path"] as? String)
        // The operator uploads the .cer in the portal.
        try team.fixture.registerWithEmulator((pathOnA as NSString).deletingPathExtension + ".cer")

        // The copy in the inventory, read with independent tools and the password.
        let pfx = team.directory.file("stored.pfx")
        try Data(try team.storedPFX()).write(to: URL(fileURLWithPath: pfx))
        #expect(FileManager.default.contents(atPath: pfx) == FileManager.default.contents(atPath: pathOnA), "the same encrypted bytes")
        let info = try PKCS12Checks.opensslInfo(pfx, password: RotationFixture.password)
        #expect(info.status == 0, "\(info)")
        let algorithms = info.stdout + info.stderr
        #expect(algorithms.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration"), "\(algorithms)")
        #expect(algorithms.contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration"), "\(algorithms)")
        #expect(algorithms.contains("PRF hmacWithSHA256"), "\(algorithms)")
        if PythonModules.available("cryptography") {
            let loaded = try PKCS12Checks.pythonLoad(pfx, password: RotationFixture.password)
            #expect(loaded.hasKey && loaded.keyMatchesCertificate && loaded.certificateSHA1 == newSHA1.uppercased())
        } else {
            Issue.record("Python cryptography is not installed and pip could not install it: the independent PKCS#12 reader did not run")
        }
        #expect(try team.query("SELECT password_ref FROM rotation_staged_keys") == "env:ROTATION_PFX_PASSWORD")
        #expect(try team.query("SELECT staged_by || '@' || staged_host FROM rotation_staged_keys") == (try TeamRunners.userAtHost()))
        #expect(!(try team.rawDatabase()).contains(Array(RotationFixture.password.utf8)), "the password never reaches the database")

        try team.takeAwayKeysOfA()
        let resumed = try team.runB(["rotate", "resume", "-p", RotationFixture.profile])
        #expect(resumed.status == 0, "\(resumed)")
        let origin = try TeamRunners.userAtHost()
        #expect(resumed.stderr.contains("fetched the new key of rotation #1 of profile payroll, staged on \(origin), from the inventory"), "\(resumed)")
        #expect(try team.fixture.status()["state"] as? String == "completed")
        #expect(try team.query("SELECT count(*) FROM rotation_staged_keys") == "0", "deleted when the rotation completed")

        let copy = team.homeB.file("keys/profile-1/revision-1.pfx")
        var attributes = stat()
        #expect(stat(copy, &attributes) == 0 && attributes.st_mode & 0o777 == 0o600)
        #expect(stat(team.homeB.file("keys/profile-1"), &attributes) == 0 && attributes.st_mode & 0o777 == 0o700)
        #expect(try team.fixture.profileThumbprint()?.uppercased() == newSHA1.uppercased())
        #expect(try team.fixture.tokenWorks(), "the profile signs with B's copy")
        // Guided: the old credential's removal is the operator's (instructions printed).
        #expect(try team.fixture.registeredThumbprints().contains(newSHA1.uppercased()))
    }

    @Test("runner A killed (SIGKILL) after staging; runner B resumes from the inventory's copy", arguments: TeamRunners.backends)
    func killedThenResumedElsewhere(backend: String) throws {
        let team = try TeamRunners(backend)
        let crashed = try team.fixture.start(["--register", "graph", "--overlap", "24h"], environment: ["CERTKEEPER_FAULT_INJECTION": "after-staged"])
        #expect(crashed.status == SIGKILL, "\(crashed)")
        try team.takeAwayKeysOfA()

        let resumed = try team.runB(["rotate", "resume", "-p", RotationFixture.profile])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(try team.fixture.status()["state"] as? String == "promoted")
        #expect(try team.fixture.registeredThumbprints().count == 2, "the new key was added exactly once")
        #expect(try team.fixture.tokenWorks())
        #expect(try team.query("SELECT count(*) FROM rotation_staged_keys") == "1", "kept until the rotation ends")
    }

    @Test(
        "runner A killed before recording staged, B stages its own key and is killed too: A resumes with B's key, not its leftover",
        arguments: TeamRunners.backends)
    func leftoverKeyIsNeverUsed(backend: String) throws {
        let team = try TeamRunners(backend)
        let crashed = try team.fixture.start(
            ["--register", "graph", "--overlap", "24h"], environment: ["CERTKEEPER_FAULT_INJECTION": "after-stage-files"])
        #expect(crashed.status == SIGKILL, "\(crashed)")
        #expect(try team.query("SELECT state FROM rotations") == "started")
        #expect(try team.query("SELECT count(*) FROM rotation_staged_keys") == "0", "no copy without the staged transition")
        let leftover = try IndependentTools.opensslFingerprint(
            of: team.fixture.home.file("keys/profile-1/revision-1.cer"), digest: "sha1", inform: "DER")
        try team.takeAwayKeysOfA()

        // B stages a key of its own (A's is unrecorded) and dies right after.
        let killedB = try team.runB(["rotate", "resume", "-p", RotationFixture.profile], environment: ["CERTKEEPER_FAULT_INJECTION": "after-staged"])
        #expect(killedB.status == SIGKILL, "\(killedB)")
        let staged = try #require(try team.fixture.status()["new_sha1_thumbprint"] as? String).uppercased()
        #expect(staged != leftover.uppercased())

        // B's machine goes away; A comes back with its leftover files at the same place.
        try FileManager.default.moveItem(atPath: team.homeB.file("keys"), toPath: team.directory.file("keys-of-b"))
        try FileManager.default.removeItem(atPath: team.fixture.home.file("keys"))  // the empty one later commands made
        try FileManager.default.moveItem(atPath: team.directory.file("keys-of-a"), toPath: team.fixture.home.file("keys"))
        let resumed = try team.fixture.run(["rotate", "resume", "-p", RotationFixture.profile])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.stderr.contains("fetched the new key of rotation #1"), "\(resumed)")
        #expect(try team.fixture.status()["state"] as? String == "promoted")
        #expect(try team.fixture.registeredThumbprints() == [try team.fixture.firstThumbprint().uppercased(), staged])
        #expect(try team.fixture.profileThumbprint()?.uppercased() == staged)
        #expect(try team.fixture.tokenWorks())
    }

    @Test(
        "runner B without the password, or with a wrong one, refuses to resume naming A and changes nothing; it can still roll back",
        arguments: TeamRunners.backends)
    func withoutThePasswordNothingChanges(backend: String) throws {
        let team = try TeamRunners(backend)
        let started = try team.fixture.start(["--register", "guided", "--overlap", "0"])
        #expect(started.status == 0, "\(started)")
        try team.takeAwayKeysOfA()
        let before = try team.dump()
        let origin = try TeamRunners.userAtHost()

        for environment: [String: String?] in [["ROTATION_PFX_PASSWORD": nil], ["ROTATION_PFX_PASSWORD": "not the password"]] {
            let refused = try team.runB(["rotate", "resume", "-p", RotationFixture.profile], environment: environment)
            #expect(refused.status == 1, "\(refused)")
            let lines = refused.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(refused)")
            #expect(lines.first?.contains("was staged on \(origin)") == true, "\(refused)")
            #expect(lines.first?.contains("set env:ROTATION_PFX_PASSWORD on this runner") == true, "\(refused)")
            #expect(!refused.stderr.contains("not the password"))
            let after = try team.dump()
            #expect(after == before, "the store is exactly as it was: \(TeamRunners.difference(before, after))")
            #expect(!FileManager.default.fileExists(atPath: team.homeB.file("keys/profile-1")), "nothing written on B")
        }
        // Abandoning the rotation needs only the new certificate, which the inventory holds.
        let rollback = try team.runB(["rotate", "rollback", "-p", RotationFixture.profile], environment: ["ROTATION_PFX_PASSWORD": nil])
        #expect(rollback.status == 0, "\(rollback)")
        #expect(try team.fixture.status()["state"] as? String == "rolled_back")
        #expect(try team.query("SELECT count(*) FROM rotation_staged_keys") == "0", "deleted with the rollback")
        #expect(!FileManager.default.fileExists(atPath: team.homeB.file("keys/profile-1")), "nothing written on B")
        #expect(try team.fixture.tokenWorks(), "the profile kept its certificate")
    }
}
