import Foundation
import TestSupport
import Testing

/// An inventory its user cannot write (a read-only mount, a file shared read-only) still
/// answers read-only commands. Run as an unprivileged user (setpriv): root writes anyway.
@Suite("read-only inventory")
struct ReadOnlyInventoryTests {
    static let nobody = "65534"

    func asNobody(_ arguments: [String]) throws -> ProcessOutput {
        try ProcessRunner.run(
            "setpriv", ["--reuid", Self.nobody, "--regid", Self.nobody, "--clear-groups", Binaries.certkeeper] + arguments,
            environment: ProcessRunner.environment(["NO_COLOR": "1", "HOME": "/nonexistent"]))
    }

    @Test("list, show, scan and history work; import fails with one line; the file is unchanged")
    func readOnlyCommandsWork() throws {
        guard geteuid() == 0 else {
            Issue.record("skipped: needs root to hand the inventory to an unprivileged user (CI runs as root)")
            return
        }
        let directory = try TemporaryDirectory()
        chmod(directory.path, 0o755)
        let home = directory.file("home")
        let files = try SampleFiles.rsa(in: directory, name: "ro", password: "pw")
        let imported = try Binaries.runCertkeeper(["--home", home, "inventory", "import", files.pem])
        #expect(imported.status == 0, "\(imported)")
        // The home and everything in it belong to nobody but are read-only, even for nobody.
        for path in [home, home + "/keys", home + "/inventory.sqlite"] { chown(path, 65534, 65534) }
        chmod(home + "/inventory.sqlite", 0o400)
        chmod(home + "/keys", 0o500)
        chmod(home, 0o500)
        chmod(files.pem, 0o644)
        let before = try directory.read("home/inventory.sqlite")

        let list = try asNobody(["--home", home, "inventory", "list"])
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains("ro"), "\(list)")
        let show = try asNobody(["--home", home, "inventory", "show", "1"])
        #expect(show.status == 0, "\(show)")
        let history = try asNobody(["--home", home, "history"])
        #expect(history.status == 0, "\(history)")
        #expect(history.stdout.contains("inventory.import"), "\(history)")
        let scan = try asNobody(["--home", home, "scan", "--format", "json", "--fail-on", "never"])
        #expect(scan.status == 0, "\(scan)")
        #expect(scan.stdout.contains("\"certificates\": 1"), "\(scan)")
        let write = try asNobody(["--home", home, "inventory", "import", files.pem])
        #expect(write.status == 1, "\(write)")
        #expect(write.stderr.split(separator: "\n").count == 1, "\(write)")
        #expect(try directory.read("home/inventory.sqlite") == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).sorted() == ["inventory.sqlite", "keys"])
    }
}
