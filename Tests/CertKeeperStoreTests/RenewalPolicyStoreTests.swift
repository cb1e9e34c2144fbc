import Foundation
import GRDB
import TestSupport
import Testing

@testable import CertKeeperStore

@Suite("Renewal policy in the inventory")
struct RenewalPolicyStoreTests {
    @Test("a profile written at schema version 4 gets the default policy after the upgrade to 5")
    func upgradeKeepsProfilesWithDefaults() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("inventory.sqlite")
        do {
            let old = try SQLiteInventoryStore(path: path, migratingUpTo: 4, clock: { StoreFixtures.epoch })
            try old.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO profiles (name, tenant_id, client_id, created_at, updated_at)
                        VALUES ('legacy', '11111111-2222-3333-4444-555555555555', '66666666-7777-8888-9999-000000000000',
                                '2027-01-01 00:00:00.000', '2027-01-01 00:00:00.000')
                        """)
            }
        }
        let store = try SQLiteInventoryStore(path: path, clock: { StoreFixtures.epoch })
        #expect(try store.schemaVersion >= 5)
        let profile = try #require(try store.profile(named: "legacy"))
        #expect(profile.settings.renewal == RenewalPolicy())
        #expect(profile.settings.renewal.renewBefore == "66%")
        #expect(profile.settings.renewal.registration == .guided)
        #expect(profile.settings.renewal.overlapSeconds == 86_400)
    }

    @Test("the policy round-trips, edits are audited, and the schema refuses values the store never writes", arguments: StoreBackend.available)
    func roundTripAndChecks(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        var settings = StoreFixtures.profile("payroll")
        settings.renewal = RenewalPolicy(
            renewBefore: "30d", registration: .graph, overlapSeconds: 0,
            deployHook: "echo 'it''s \"quoted\"'", deployTargets: ["file:/a b", "keyvault:https://v.vault.azure.net/certificates/c"]
        )
        _ = try store.createProfile(settings)
        #expect(try store.profile(named: "payroll")?.settings.renewal == settings.renewal)

        settings.renewal.registration = nil
        _ = try store.updateProfile(named: "payroll", to: settings)
        #expect(try store.profile(named: "payroll")?.settings.renewal.registration == nil)
        let updated = try store.events(matching: EventQuery(profileName: "payroll")).last
        #expect(updated?.detail["changed"]?.description == "renew_register")
        #expect(updated?.detail["renew_register"]?.description == "off")

        for statement in [
            "UPDATE profiles SET renew_register = 'portal'", "UPDATE profiles SET renew_overlap = -1",
            "UPDATE profiles SET deploy_targets = '{\"a\": 1}'", "UPDATE profiles SET deploy_targets = 'not json'",
            "UPDATE profiles SET renew_before = ''",
        ] {
            #expect(throws: (any Error).self, "\(statement)") { try StoreFixtures.rawExecute(store, statement) }
        }
    }
}
