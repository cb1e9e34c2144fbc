import GRDB

extension DirectorySchema {
    /// What Graph's `GET /applications` and `GET /servicePrincipals` list: service principals
    /// (one per application, plus those whose application lives elsewhere: managed identities,
    /// gallery SAML apps) and credentials known by their metadata only (client secrets, whose
    /// text Graph never returns, and seeded certificates that no token request will use).
    static func registerListing(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("0002_directory_listing") { db in
            try db.execute(
                sql: """
                    CREATE TABLE service_principals (
                        object_id TEXT PRIMARY KEY NOT NULL,
                        tenant_id TEXT NOT NULL,
                        app_id TEXT NOT NULL,
                        display_name TEXT NOT NULL,
                        service_principal_type TEXT NOT NULL,
                        preferred_token_signing_key_thumbprint TEXT,
                        application_object_id TEXT REFERENCES applications (object_id) ON DELETE CASCADE
                    );
                    CREATE INDEX service_principals_tenant ON service_principals (tenant_id, object_id);
                    INSERT INTO service_principals
                        (object_id, tenant_id, app_id, display_name, service_principal_type, application_object_id)
                        SELECT service_principal_id, tenant_id, client_id, display_name, 'Application', object_id
                        FROM applications;
                    CREATE INDEX applications_tenant_object ON applications (tenant_id, object_id);
                    -- owner_id: an application's or a service principal's object id.
                    CREATE TABLE listed_credentials (
                        key_id TEXT PRIMARY KEY NOT NULL,
                        owner_id TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('key', 'password')),
                        usage TEXT,
                        custom_key_identifier BLOB,
                        display_name TEXT,
                        hint TEXT,
                        start_at REAL NOT NULL,
                        end_at REAL NOT NULL
                    );
                    CREATE INDEX listed_credentials_owner ON listed_credentials (owner_id);
                    """)
        }
    }
}
