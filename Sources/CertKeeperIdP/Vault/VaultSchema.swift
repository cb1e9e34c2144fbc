import GRDB

/// The emulated Key Vault data plane's tables, in the emulator's state file. Registered
/// after the directory's migrations; append-only like them.
enum VaultSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("0003_keyvault") { db in
            try db.execute(
                sql: """
                    -- name_key is the lowercased name: Key Vault names are case-insensitive.
                    CREATE TABLE vaults (
                        name_key TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        tenant_id TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    -- RBAC role assignments at vault scope: principal = the service principal's object id.
                    CREATE TABLE vault_role_assignments (
                        vault_key TEXT NOT NULL REFERENCES vaults (name_key) ON DELETE CASCADE,
                        principal_id TEXT NOT NULL,
                        role TEXT NOT NULL,
                        PRIMARY KEY (vault_key, principal_id, role)
                    ) WITHOUT ROWID;
                    -- One row per secret version. A certificate version's backing secret is a row
                    -- with the same name and version and managed = 1 (the PFX, password-less).
                    CREATE TABLE vault_secret_versions (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        vault_key TEXT NOT NULL REFERENCES vaults (name_key) ON DELETE CASCADE,
                        name_key TEXT NOT NULL,
                        name TEXT NOT NULL,
                        version TEXT NOT NULL,
                        value BLOB NOT NULL,
                        content_type TEXT,
                        managed INTEGER NOT NULL,
                        enabled INTEGER NOT NULL,
                        tags_json TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        UNIQUE (vault_key, name_key, version)
                    );
                    CREATE INDEX vault_secret_versions_name ON vault_secret_versions (vault_key, name_key, sequence);
                    CREATE TABLE vault_certificate_versions (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        vault_key TEXT NOT NULL REFERENCES vaults (name_key) ON DELETE CASCADE,
                        name_key TEXT NOT NULL,
                        name TEXT NOT NULL,
                        version TEXT NOT NULL,
                        certificate_der BLOB NOT NULL,
                        enabled INTEGER NOT NULL,
                        tags_json TEXT NOT NULL,
                        policy_json TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        UNIQUE (vault_key, name_key, version)
                    );
                    CREATE INDEX vault_certificate_versions_name ON vault_certificate_versions (vault_key, name_key, sequence);
                    """)
        }
    }
}
