import CertKeeperStore
import Foundation
import TestSupport
import Testing

@Suite("Profiles in the store")
struct ProfileStoreTests {
    @Test("profile names are unique, case-insensitively", arguments: StoreBackend.available)
    func duplicateNamesRefused(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        _ = try store.createProfile(StoreFixtures.profile("Production"))
        let error = #expect(throws: StoreError.self) { try store.createProfile(StoreFixtures.profile("production")) }
        #expect(error?.code == .duplicate)
        let batch = #expect(throws: StoreError.self) {
            try store.createProfiles([StoreFixtures.profile("staging"), StoreFixtures.profile("Production")])
        }
        #expect(batch?.code == .duplicate)
        // All or nothing: "staging" was not created either.
        #expect(try store.profiles().map(\.name) == ["Production"])
        #expect(try store.profile(named: "PRODUCTION")?.name == "Production")
    }

    @Test("a profile's certificate becomes active; switching away releases it; everything is audited", arguments: StoreBackend.available)
    func certificateStatesFollowProfiles(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/c/a.pem", [StoreFixtures.facts(1), StoreFixtures.facts(2)])]))
        let ids = try store.certificates(matching: .all).map(\.certificate.id)
        let created = try store.createProfile(StoreFixtures.profile("app", certificateID: ids[0]))
        #expect(created.certificate?.id == ids[0])
        #expect(created.certificate?.state == .active)

        var settings = created.settings
        settings.name = "app-renamed"
        settings.certificateID = ids[1]
        settings.sendCertificateChain = true
        let updated = try store.updateProfile(named: "APP", to: settings)
        #expect(updated.name == "app-renamed")
        #expect(updated.settings.sendCertificateChain)
        #expect(try store.certificate(id: ids[0])?.certificate.state == .discovered)
        #expect(try store.certificate(id: ids[1])?.profileNames == ["app-renamed"])

        let deleted = try store.deleteProfile(named: "app-renamed")
        #expect(deleted.id == created.id)
        #expect(try store.profiles().isEmpty)
        #expect(try store.certificate(id: ids[1])?.certificate.state == .discovered)

        let actions = try store.events(matching: EventQuery(profileName: "app-renamed")).map(\.action)
        #expect(actions == ["profile.updated", "profile.deleted"])
        let update = try #require(try store.events(matching: EventQuery()).first { $0.action == "profile.updated" })
        #expect(update.detail["changed"] == "name,certificate,send_x5c")
        #expect(update.detail["previous_name"] == "app")
        #expect(update.actor == "tester")
    }

    @Test("missing profiles and certificates are reported", arguments: StoreBackend.available)
    func notFound(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        #expect(try store.profile(named: "nope") == nil)
        #expect((#expect(throws: StoreError.self) { try store.deleteProfile(named: "nope") })?.code == .notFound)
        #expect((#expect(throws: StoreError.self) { try store.createProfile(StoreFixtures.profile("x", certificateID: 42)) })?.code == .notFound)
    }
}
