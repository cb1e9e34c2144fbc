import CertKeeperCore
import Foundation
import TestSupport
import Testing

@Suite("Home directory")
struct HomeTests {
    @Test("--home wins over CERTKEEPER_HOME, which wins over ~/.certkeeper")
    func precedence() throws {
        let environment = ["CERTKEEPER_HOME": "/srv/ck", "HOME": "/home/ops"]
        #expect(try CertKeeperHome.resolve(option: "/opt/ck", environment: environment).path == "/opt/ck")
        #expect(try CertKeeperHome.resolve(option: nil, environment: environment).path == "/srv/ck")
        #expect(try CertKeeperHome.resolve(option: nil, environment: ["HOME": "/home/ops"]).path == "/home/ops/.certkeeper")
        #expect(try CertKeeperHome.resolve(option: "relative/dir", environment: [:]).path.hasPrefix("/"))
    }

    @Test("prepare creates the home and keys/ with mode 0700, and the inventory 0600")
    func createsPrivateDirectories() throws {
        let directory = try TemporaryDirectory()
        let home = CertKeeperHome(path: directory.file("home"))
        #expect(try home.prepare())
        #expect(try directory.mode(of: "home") == 0o700)
        #expect(try directory.mode(of: "home/keys") == 0o700)
        #expect(try home.prepare() == false)
        let store = try home.openInventory()
        #expect(try InventoryService(store: store).schemaVersion() >= 2)
        #expect(try directory.mode(of: "home/inventory.sqlite") == 0o600)
    }

    @Test("an existing home of ours that others can enter is tightened; a file in its place is refused")
    func existingDirectories() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("open")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        chmod(path, 0o755)
        try CertKeeperHome(path: path).prepare()
        #expect(try directory.mode(of: "open") == 0o700)
        let file = try directory.write("x", to: "file")
        let error = #expect(throws: CoreError.self) { try CertKeeperHome(path: file).prepare() }
        #expect(error?.code == .notAFile)
    }
}
