import GRDB

/// The emulator's own schema (its state file is not the certkeeper inventory). Migrations
/// are append-only: never edit one that has shipped.
enum DirectorySchema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001_directory") { db in
            try db.execute(
                sql: """
                    CREATE TABLE applications (
                        object_id TEXT PRIMARY KEY NOT NULL,
                        tenant_id TEXT NOT NULL,
                        client_id TEXT NOT NULL,
                        service_principal_id TEXT NOT NULL,
                        display_name TEXT NOT NULL,
                        roles_json TEXT NOT NULL DEFAULT '[]',
                        created_at REAL NOT NULL,
                        UNIQUE (tenant_id, client_id)
                    );
                    CREATE INDEX applications_tenant ON applications (tenant_id);
                    CREATE TABLE key_credentials (
                        key_id TEXT PRIMARY KEY NOT NULL,
                        object_id TEXT NOT NULL REFERENCES applications (object_id) ON DELETE CASCADE,
                        certificate_der BLOB NOT NULL,
                        sha256_thumbprint TEXT NOT NULL,
                        display_name TEXT NOT NULL,
                        added_at REAL NOT NULL,
                        UNIQUE (object_id, sha256_thumbprint)
                    );
                    -- jti of every accepted client assertion, kept until it could no longer be used.
                    CREATE TABLE used_assertions (
                        client_id TEXT NOT NULL,
                        jti TEXT NOT NULL,
                        expires_at REAL NOT NULL,
                        PRIMARY KEY (client_id, jti)
                    ) WITHOUT ROWID;
                    CREATE INDEX used_assertions_expiry ON used_assertions (expires_at);
                    -- The emulator's own key pairs: 'token-signing' and 'tls'. The state file is 0600.
                    CREATE TABLE identities (
                        purpose TEXT PRIMARY KEY NOT NULL,
                        certificate_der BLOB NOT NULL,
                        private_key_pem BLOB NOT NULL,
                        created_at REAL NOT NULL
                    );
                    """)
        }
        registerListing(in: &migrator)
        VaultSchema.register(in: &migrator)
        return migrator
    }
}
