/// What `store copy` carries: every table of the inventory, in an order where each table comes
/// after the tables it refers to, with every column and the kind of value it holds.
///
/// The list is written out, not read from the database's catalog, so each new column is a
/// decision (does it travel? is it a blob?) made in review; the copier checks the source's
/// catalog against it before copying (a table or column it would drop makes it refuse), and
/// the drift tests compare it with the schema of both backends.
enum CopiedTables {
    static let all: [CopiedTable] = [
        CopiedTable(
            "certificates", counter: true,
            .integer("id"), .text("sha1_thumbprint"), .text("sha256_thumbprint"), .text("subject"), .text("subject_cn"),
            .text("issuer"), .text("issuer_cn"), .text("serial_number"), .text("not_before"), .text("not_after"),
            .text("key_type"), .integer("key_bits"), .integer("self_signed"), .blob("der"), .text("state"),
            .text("created_at"), .text("updated_at")),
        CopiedTable(
            "certificate_files", counter: true,
            .integer("id"), .integer("certificate_id"), .text("path"), .text("format"), .integer("has_private_key"),
            .text("password_ref"), .text("first_seen_at"), .text("last_seen_at"), .text("file_stamp")),
        CopiedTable(
            "profiles", counter: true,
            .integer("id"), .text("name"), .text("tenant_id"), .text("client_id"), .text("authority_host"), .text("scope"),
            .integer("certificate_id"), .text("certificate_path"), .text("password_ref"), .integer("send_x5c"),
            .text("assertion_algorithm"), .text("app_object_id"), .text("graph_endpoint"), .text("graph_scope"),
            .text("created_at"), .text("updated_at"), .text("renew_before"), .text("renew_register"),
            .integer("renew_overlap"), .text("deploy_hook"), .text("deploy_targets")),
        CopiedTable(
            "rotations", counter: true,
            .integer("id"), .integer("profile_id"), .integer("revision"), .text("state"), .integer("old_certificate_id"),
            .integer("new_certificate_id"), .text("registration"), .text("graph_key_id"), .text("old_graph_key_id"),
            .integer("attempts"), .text("last_error"), .text("started_at"), .text("state_entered_at"), .text("updated_at"),
            .text("finished_at"), .text("options"), .text("old_certificate_path"), .text("old_password_ref"),
            .text("new_certificate_path"), .text("new_password_ref"), .text("retire_after")),
        CopiedTable(
            "rotation_staged_keys", counter: false, key: ["rotation_id"],
            .integer("rotation_id"), .blob("pfx"), .text("password_ref"), .text("staged_by"), .text("staged_host"),
            .text("staged_at")),
        CopiedTable(
            "events", counter: true,
            .integer("id"), .text("occurred_at"), .text("action"), .text("actor"), .integer("profile_id"),
            .text("profile_name"), .integer("certificate_id"), .integer("rotation_id"), .text("detail"), .text("host")),
        CopiedTable(
            "directory_tenants", counter: true,
            .integer("id"), .text("tenant_id"), .text("graph_endpoint"), .text("profile_name"), .text("last_synced_at")),
        CopiedTable(
            "directory_syncs", counter: true,
            .integer("id"), .integer("tenant_ref"), .text("state"), .text("started_at"), .text("finished_at"), .integer("pages")),
        CopiedTable(
            "directory_objects", counter: true,
            .integer("id"), .integer("tenant_ref"), .text("object_type"), .text("object_id"), .text("app_id"),
            .text("display_name"), .text("service_principal_type"), .text("preferred_signing_thumbprint")),
        CopiedTable(
            "directory_credentials", counter: true,
            .integer("id"), .integer("object_ref"), .text("key_id"), .text("kind"), .text("usage"), .text("sha1_thumbprint"),
            .text("display_name"), .text("not_before"), .text("not_after")),
        CopiedTable(
            "directory_staged_objects", counter: false, key: ["sync_ref", "object_type", "object_id"],
            .integer("sync_ref"), .text("object_type"), .text("object_id"), .text("app_id"), .text("display_name"),
            .text("service_principal_type"), .text("preferred_signing_thumbprint")),
        CopiedTable(
            "directory_staged_credentials", counter: false, key: ["sync_ref", "object_type", "object_id", "key_id"],
            .integer("sync_ref"), .text("object_type"), .text("object_id"), .text("key_id"), .text("kind"), .text("usage"),
            .text("sha1_thumbprint"), .text("display_name"), .text("not_before"), .text("not_after")),
    ]

    /// The backends' own bookkeeping, never copied: the schema versions (the target is
    /// migrated by this certkeeper itself) and SQLite's AUTOINCREMENT counters (carried as
    /// `CopiedTable.counter`).
    static let bookkeeping: Set<String> = ["schema_versions", "certkeeper_schema_versions", "sqlite_sequence"]

    /// The differences between a database's catalog (table → columns) and the list: tables or
    /// columns the copier would drop or miss, one phrase each; empty when they agree.
    static func drift(from catalog: [String: [String]]) -> [String] {
        var problems: [String] = []
        let known = Dictionary(uniqueKeysWithValues: all.map { ($0.name, Set($0.columns.map(\.name))) })
        for (table, columns) in catalog.sorted(by: { $0.key < $1.key }) where !bookkeeping.contains(table) {
            guard let carried = known[table] else {
                problems.append("table \(table) is not carried")
                continue
            }
            for column in Set(columns).subtracting(carried).sorted() { problems.append("column \(table).\(column) is not carried") }
            for column in carried.subtracting(columns).sorted() { problems.append("column \(table).\(column) is missing") }
        }
        for table in all where catalog[table.name] == nil { problems.append("table \(table.name) is missing") }
        return problems
    }
}

/// One table as the copier sees it.
struct CopiedTable: Sendable {
    enum Kind: Sendable { case integer, text, blob }

    struct Column: Sendable {
        let name: String
        let kind: Kind

        static func integer(_ name: String) -> Column { Column(name: name, kind: .integer) }
        static func text(_ name: String) -> Column { Column(name: name, kind: .text) }
        static func blob(_ name: String) -> Column { Column(name: name, kind: .blob) }
    }

    let name: String
    let columns: [Column]
    /// The columns rows are read in order of (the primary key).
    let key: [String]
    /// Whether the table has an `id` counter (SQLite AUTOINCREMENT, a PostgreSQL identity)
    /// whose position travels too: ids are never reused, even those of deleted rows that the
    /// history still names.
    let counter: Bool

    init(_ name: String, counter: Bool, key: [String] = ["id"], _ columns: Column...) {
        self.name = name
        self.counter = counter
        self.key = key
        self.columns = columns
    }

    var columnList: String { columns.map(\.name).joined(separator: ", ") }
}
