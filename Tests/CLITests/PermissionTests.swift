import Foundation
import TestSupport
import Testing

/// Files the user cannot read or directories it cannot write, through the built binary as an
/// unprivileged user: as root (CI) these run as `nobody`, so the modes really refuse.
@Suite("permission cases as an unprivileged user")
struct PermissionTests {
    let directory: TemporaryDirectory
    let user: UnprivilegedUser
    let locked: String

    init() throws {
        directory = try TemporaryDirectory()
        user = try UnprivilegedUser(in: directory)
        let certificate = try SampleFiles.rsa(in: directory, name: "sample", password: "unused")
        locked = directory.file("locked.pem")
        try FileManager.default.copyItem(atPath: certificate.pem, toPath: locked)
        chmod(locked, 0o000)
    }

    @Test func inspectOfAnUnreadableFileSaysPermissionDenied() throws {
        let output = try user.runCertkeeper(["inspect", locked])
        #expect(output.status == 1, "\(output)")
        #expect(output.stderr.contains("permission denied"), "\(output)")
        #expect(output.stderr.contains(locked))
        #expect(output.stderr.split(separator: "\n").count == 1, "\(output)")
        #expect(output.stdout.isEmpty)
    }

    @Test func scanReportsAnUnreadableFileAndFailsOnlyWithFailOnError() throws {
        let home = directory.file("home")
        try user.makePrivateDirectory(home)
        let reported = try user.runCertkeeper(["--home", home, "scan", locked, "--format", "json"])
        #expect(reported.status == 0, "an unreadable source alone does not fail the default run: \(reported)")
        let object = try JSONSerialization.jsonObject(with: Data(reported.stdout.utf8)) as? [String: Any]
        let entries = try #require(object?["certificates"] as? [[String: Any]], "\(reported)")
        #expect(entries.count == 1)
        #expect(entries.first?["status"] as? String == "error")
        #expect((entries.first?["error"] as? String)?.contains("permission denied") == true, "\(entries)")

        let failed = try user.runCertkeeper(["--home", home, "scan", locked, "--fail-on", "error"])
        #expect(failed.status == 1, "\(failed)")
    }

    @Test func keyGenerationIntoADirectoryTheUserCannotWriteIsRefusedAndLeavesNothing() throws {
        let closed = directory.file("closed")
        try FileManager.default.createDirectory(atPath: closed, withIntermediateDirectories: false)
        chmod(closed, 0o555)
        let output = try user.runCertkeeper(["key", "generate", "--out", closed + "/k.pem"])
        #expect(output.status == 1, "\(output)")
        #expect(output.stderr.contains("permission denied"), "\(output)")
        #expect(output.stderr.split(separator: "\n").count == 1, "\(output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: closed).isEmpty)
    }
}
