import Foundation
import TestSupport
import Testing

/// `profile export --format env|terraform` must never let a stored value run as code: every
/// entry point refuses references with control characters, and the export escapes anyway
/// (a row written by an older certkeeper, or edited by hand, reaches the exporter as is).
@Suite("export injection")
struct ExportInjectionTests {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "11111111-2222-3333-4444-555555555555"

    func run(_ home: String, _ arguments: [String], environment: [String: String?] = [:]) throws -> ProcessOutput {
        try Binaries.runCertkeeper(["--home", home] + arguments, environment: environment)
    }

    func create(_ home: String, _ name: String, _ extra: [String] = [], environment: [String: String?] = [:]) throws -> ProcessOutput {
        try run(home, ["profile", "create", "--name", name, "--tenant", Self.tenant, "--client-id", Self.client] + extra, environment: environment)
    }

    /// Writes `reference` into the stored profile behind certkeeper's back (python sqlite3).
    func poison(_ home: String, profile: String, reference: String) throws {
        let output = try IndependentTools.python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE profiles SET password_ref = ? WHERE name = ?", (sys.argv[2], sys.argv[3]))
            db.commit()
            assert db.execute("SELECT password_ref FROM profiles WHERE name = ?", (sys.argv[3],)).fetchone()[0] == sys.argv[2]
            """, [home + "/inventory.sqlite", reference, profile])
        #expect(output.status == 0, "\(output)")
    }

    static let hostileReferences = [
        "env:PW\ntouch MARKER\n#",
        "env:PW\rtouch MARKER",
        "env:A;touch MARKER",
        "env:1ABC",
        "env:A B",
        "env:A\u{1b}[2J",
        "file:/tmp/x\ntouch MARKER",
        "file:/tmp/x\u{7f}",
        "file:/tmp/x\u{0085}y",
    ]

    @Test("profile create/edit/import and inventory import refuse references with bad names or control characters")
    func entryPointsRefuse() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        #expect(try create(home, "good").status == 0)
        for reference in Self.hostileReferences {
            let created = try create(home, "evil", ["--password-ref", reference], environment: ["PW": "x"])
            #expect(created.status == 64, "create \(reference.debugDescription): \(created)")
            let edited = try run(home, ["profile", "edit", "-p", "good", "--password-ref", reference])
            #expect(edited.status == 64, "edit \(reference.debugDescription): \(edited)")
            let document: [String: Any] = ["name": "evil", "tenant_id": Self.tenant, "client_id": Self.client, "password_ref": reference]
            let file = try directory.write([UInt8](try JSONSerialization.data(withJSONObject: document)), to: "evil.json")
            let imported = try run(home, ["profile", "import", file])
            #expect(imported.status != 0, "import \(reference.debugDescription): \(imported)")
            #expect(imported.stderr.split(separator: "\n").count == 1, "one line: \(imported)")
            let importedFlag = try run(home, ["profile", "import", file, "--password-ref", reference])
            #expect(importedFlag.status == 64, "import --password-ref \(reference.debugDescription): \(importedFlag)")
        }
        for name in ["PW\ntouch MARKER", "A;B", "1A", ""] {
            let imported = try run(home, ["inventory", "import", directory.path, "--password-env", name])
            #expect(imported.status == 64, "inventory import --password-env \(name.debugDescription): \(imported)")
        }
        let imported = try run(home, ["inventory", "import", directory.path, "--password-file", "/tmp/a\nb"])
        #expect(imported.status == 64, "\(imported)")
        let listed = try run(home, ["profile", "list", "--format", "json"])
        #expect(!listed.stdout.contains("evil"), "\(listed)")
        let shown = try run(home, ["profile", "show", "-p", "good", "--format", "json"])
        #expect(shown.stdout.contains("\"password_ref\" : null"), "\(shown)")
    }

    @Test(
        "a poisoned stored reference is escaped: sourcing the env export runs nothing",
        arguments: [
            "env:PW\ntouch MARKER\n#",
            "env:PW\rtouch MARKER\r#",
            "env:$(touch MARKER)",
            "file:/nonexistent'\ntouch MARKER\n#'",
            "file:/nonexistent$(touch MARKER)`touch MARKER`",
            "file:-\ntouch MARKER",
        ])
    func envExportRunsNothing(reference: String) throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        #expect(try create(home, "app").status == 0)
        try poison(home, profile: "app", reference: reference)
        let export = try run(home, ["profile", "export", "-p", "app", "--format", "env"])
        #expect(export.status == 0, "\(export)")
        let script = try directory.write(export.stdout, to: "app.env")
        // `cat` of a missing file fails inside $(…): that is the user's file problem, not code.
        let sourced = try ProcessRunner.run(
            "bash", ["-c", "source \"$1\" 2>/dev/null; env", "bash", script],
            environment: ProcessRunner.environment(["PW": "secret"]), currentDirectory: directory.path)
        #expect(sourced.status == 0, "\(sourced)")
        #expect(!directory.exists("MARKER"), "sourcing ran injected code:\n\(export.stdout)")
        #expect(sourced.stdout.contains("AZURE_TENANT_ID=\(Self.tenant)"), "\(sourced)")
        // Every line is a comment or one export: nothing else for a shell to run.
        for line in export.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.hasPrefix("# ") || line.hasPrefix("export ") || line.isEmpty, "unexpected line \(line.debugDescription)")
            #expect(!line.unicodeScalars.contains { $0.properties.generalCategory == .control }, "control character in \(line.debugDescription)")
        }
    }

    @Test(
        "a poisoned stored reference is escaped: the Terraform export parses as one variable and one provider",
        arguments: [
            "file:/tmp/a\nresource \"null_resource\" \"pwn\" {\n  provisioner \"local-exec\" { command = \"touch MARKER\" }\n}\n#",
            "file:/tmp/a\r\nresource \"null_resource\" \"pwn\" {}\n",
            "env:PW\nresource \"null_resource\" \"pwn\" {}\n",
            "file:/tmp/${file(\"/etc/passwd\")}%{ if true }x%{ endif }",
            "file:/tmp/a\u{2028}b\u{1b}[31m",
        ])
    func terraformExportStaysData(reference: String) throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        #expect(try create(home, "app").status == 0)
        try poison(home, profile: "app", reference: reference)
        let export = try run(home, ["profile", "export", "-p", "app", "--format", "terraform"])
        #expect(export.status == 0, "\(export)")
        let parsed = try IndependentTools.python(
            """
            import hcl2, json, sys
            def strip(node):  # python-hcl2 keeps comments under "__comments__" keys: drop them
                if isinstance(node, dict): return {k: strip(v) for k, v in node.items() if not k.startswith("__")}
                if isinstance(node, list): return [strip(v) for v in node]
                return node
            doc = strip(hcl2.loads(open(sys.argv[1]).read()))
            def keys(node):
                if isinstance(node, dict): return set(node) | set().union(*map(keys, node.values()))
                if isinstance(node, list): return set().union(*map(keys, node))
                return set()
            print(json.dumps(sorted(doc.keys())))
            print(json.dumps(sorted(keys(doc))))
            """, [try directory.write(export.stdout, to: "main.tf")])
        #expect(parsed.status == 0, "python-hcl2 could not parse:\n\(export.stdout)\n\(parsed)")
        let keys = parsed.stdout.split(separator: "\n").first.map(String.init)
        #expect(keys == #"["provider", "variable"]"#, "top-level blocks \(keys ?? "none"):\n\(export.stdout)")
        let allKeys = parsed.stdout.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
        #expect(!allKeys.contains("resource") && !allKeys.contains("provisioner"), "\(allKeys):\n\(export.stdout)")
        for line in export.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(
                !line.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" },
                "control character in \(line.debugDescription)")
        }
    }
}
