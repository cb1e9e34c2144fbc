import Foundation
import TestSupport
import Testing

@Suite("profile commands")
struct ProfileCLITests {
    static let password = "prof-cli-pw-91c2"
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "11111111-2222-3333-4444-555555555555"

    func run(_ home: String, _ arguments: [String], environment: [String: String?] = [:]) throws -> ProcessOutput {
        try Binaries.runCertkeeper(["--home", home] + arguments, environment: environment)
    }

    func create(_ home: String, _ name: String, _ extra: [String], environment: [String: String?] = [:]) throws -> ProcessOutput {
        try run(home, ["profile", "create", "--name", name, "--tenant", Self.tenant, "--client-id", Self.client] + extra, environment: environment)
    }

    @Test("create, show, list, edit, delete; duplicate names refused case-insensitively; a vanished file is reported")
    func lifecycle() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let files = try SampleFiles.rsa(in: directory, name: "payroll", password: Self.password)
        let created = try create(
            home, "payroll",
            [
                "--cert", files.pfx, "--password-ref", "env:PAYROLL_PW", "--app-object-id",
                "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            ], environment: ["PAYROLL_PW": Self.password])
        #expect(created.status == 0, "\(created)")
        let sha1 = try IndependentTools.opensslFingerprint(of: files.pem, digest: "sha1")
        #expect(created.stdout.contains(sha1))

        let duplicate = try create(home, "PAYROLL", [])
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("already exists"))

        let show = try run(home, ["profile", "show", "-p", "payroll"])
        #expect(show.stdout.contains("from env:PAYROLL_PW"))
        #expect(show.stdout.contains(sha1))
        #expect(!show.stdout.contains("MISSING"))

        let edited = try run(home, ["profile", "edit", "-p", "payroll", "--name", "payroll-prod", "--alg", "RS256", "--send-x5c"])
        #expect(edited.status == 0, "\(edited)")
        let json = try run(home, ["profile", "show", "-p", "payroll-prod", "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["assertion_algorithm"] as? String == "RS256")
        #expect(document["send_x5c"] as? Bool == true)
        #expect(document["certificate_file_exists"] as? Bool == true)

        try FileManager.default.removeItem(atPath: files.pfx)
        let vanished = try run(home, ["profile", "show", "-p", "payroll-prod"])
        #expect(vanished.stdout.contains("MISSING"))
        #expect(try run(home, ["profile", "list"]).stdout.contains("payroll-prod"))
        #expect(try run(home, ["profile", "delete", "-p", "payroll-prod"]).status == 0)
        #expect(try run(home, ["profile", "show", "-p", "payroll-prod"]).status == 1)
        let history = try run(home, ["history", "-p", "payroll-prod"])
        #expect(history.stdout.contains("profile.updated") && history.stdout.contains("profile.deleted"))
        // Who and where: the OS user and the host name, as `id -un` and `hostname` print them.
        let user = try ProcessRunner.run("id", ["-un"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let host = try ProcessRunner.run("hostname", []).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(history.stdout.contains("BY") && history.stdout.contains("\(user)@\(host)"), "\(history)")
        let listing = try run(home, ["history", "--format", "json"])
        let events = try #require((try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [String: Any])?["events"] as? [[String: Any]])
        #expect(!events.isEmpty && events.allSatisfy { $0["actor"] as? String == user && $0["host"] as? String == host })
    }

    @Test("certificates Entra cannot use are refused with one line: EC, no key, mismatched key, wrong password")
    func refusedCertificates() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let ec = try SampleFiles.ecCombined(in: directory, name: "ec")
        let output = try create(home, "ec", ["--cert", ec])
        #expect(output.status == 1)
        #expect(output.stderr.contains("RSA certificates only"))

        let a = try SampleFiles.rsa(in: directory, name: "a", password: Self.password)
        let noKey = try create(home, "nokey", ["--cert", a.der])
        #expect(noKey.stderr.contains("holds no private key"))

        let b = try SampleFiles.rsa(in: directory, name: "b", password: Self.password)
        let mixed = try directory.write(try Fixtures.bytesAt(a.pem) + Fixtures.bytesAt(b.key), to: "mixed.pem", mode: 0o600)
        let mismatch = try create(home, "mixed", ["--cert", mixed])
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains("does not belong"))

        let wrong = try create(home, "wrong", ["--cert", a.pfx, "--password-ref", "env:PW"], environment: ["PW": "not-the-password"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains(a.pfx))
        #expect(!wrong.stderr.contains("not-the-password"))
        let locked = try create(home, "locked", ["--cert", a.pfx])
        #expect(locked.stderr.contains("--password-ref"))

        let usage = try run(home, ["profile", "create", "--name", "x"])
        #expect(usage.status == 64)
        #expect(try run(home, ["profile", "create", "--name", "x", "--tenant", "t", "--client-id", Self.client, "--password-ref", "hunter2"]).status == 64)
        let listing = try JSONSerialization.jsonObject(with: Data(try run(home, ["profile", "list", "--format", "json"]).stdout.utf8)) as? [String: Any]
        #expect((listing?["profiles"] as? [Any])?.isEmpty == true)
        #expect(try run(home, ["profile", "list"]).stdout == "no profiles\n")
    }

    @Test("export as JSON, env and Terraform parses back with independent tools; JSON imports into another home")
    func exportsParseBack() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let files = try SampleFiles.rsa(in: directory, name: "tf", password: Self.password)
        #expect(try create(home, "tf", ["--cert", files.pfx, "--password-ref", "env:TF_PW", "--send-x5c"], environment: ["TF_PW": Self.password]).status == 0)

        let json = try run(home, ["profile", "export", "-p", "tf", "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "certkeeper.profile/v1")
        #expect(document["tenant_id"] as? String == Self.tenant)
        #expect(document["client_id"] as? String == Self.client)
        #expect(document["certificate_path"] as? String == files.pfx)
        #expect(document["password_ref"] as? String == "env:TF_PW")
        #expect(document["send_x5c"] as? Bool == true)
        #expect(!json.stdout.contains(Self.password))
        let exported = try directory.write(json.stdout, to: "tf.json")
        let other = directory.file("other")
        let imported = try run(other, ["profile", "import", exported], environment: ["TF_PW": Self.password])
        #expect(imported.status == 0, "\(imported)")
        let again = try run(other, ["profile", "export", "-p", "tf", "--format", "json"])
        #expect(again.stdout == json.stdout)

        let env = try run(home, ["profile", "export", "-p", "tf", "--format", "env"])
        #expect(!env.stdout.contains(Self.password))
        let envFile = try directory.write(env.stdout, to: "tf.env")
        let sourced = try ProcessRunner.run(
            "bash", ["-c", "set -euo pipefail; source \"$1\"; env", "bash", envFile],
            environment: ProcessRunner.environment(["TF_PW": Self.password]))
        #expect(sourced.status == 0, "\(sourced)")
        let variables = Dictionary(
            sourced.stdout.split(separator: "\n").compactMap { line -> (String, String)? in
                guard let equals = line.firstIndex(of: "=") else { return nil }
                return (String(line[..<equals]), String(line[line.index(after: equals)...]))
            }, uniquingKeysWith: { $1 })
        #expect(variables["AZURE_TENANT_ID"] == Self.tenant)
        #expect(variables["AZURE_CLIENT_ID"] == Self.client)
        #expect(variables["AZURE_CLIENT_CERTIFICATE_PATH"] == files.pfx)
        #expect(variables["AZURE_CLIENT_CERTIFICATE_PASSWORD"] == Self.password)
        #expect(variables["AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"] == "true")
        #expect(variables["M365_TENANT_ID"] == Self.tenant)
        #expect(variables["M365_CLIENT_ID"] == Self.client)
        #expect(variables["M365_CLIENT_CERTIFICATE_FILE_PATH"] == files.pfx)
        #expect(variables["M365_CLIENT_CERTIFICATE_PASSWORD"] == Self.password)
        #expect(variables["M365_SEND_CERTIFICATE_CHAIN"] == "true")
        #expect(variables["M365_AUTH_METHOD"] == "client_certificate")

        let terraform = try run(home, ["profile", "export", "-p", "tf", "--format", "terraform"])
        #expect(!terraform.stdout.contains(Self.password))
        let parsed = try IndependentTools.python(
            """
            import hcl2, json, sys
            doc = hcl2.loads(open(sys.argv[1]).read())
            provider = doc["provider"][0]
            block = provider.get("microsoft365") or provider.get('"microsoft365"')
            variable = doc["variable"][0]
            var = variable.get("client_certificate_password") or variable.get('"client_certificate_password"')
            strip = lambda v: v.strip('"') if isinstance(v, str) else v
            options = block["entra_id_options"]
            print(json.dumps({"auth_method": strip(block["auth_method"]), "tenant_id": strip(block["tenant_id"]),
                "client_id": strip(options["client_id"]), "client_certificate": strip(options["client_certificate"]),
                "password": strip(options["client_certificate_password"]), "chain": options["send_certificate_chain"],
                "sensitive": var["sensitive"]}))
            """, [try directory.write(terraform.stdout, to: "main.tf")])
        #expect(parsed.status == 0, "\(parsed)")
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: Any])
        #expect(fields["auth_method"] as? String == "client_certificate")
        #expect(fields["tenant_id"] as? String == Self.tenant)
        #expect(fields["client_id"] as? String == Self.client)
        #expect(fields["client_certificate"] as? String == files.pfx)
        #expect((fields["password"] as? String)?.contains("var.client_certificate_password") == true)
        #expect(fields["chain"] as? Bool == true)
        #expect(fields["sensitive"] as? Bool == true)
    }

    @Test("entratool's profiles.json imports certificate profiles and skips secret ones; all or nothing")
    func entratoolImport() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let files = try SampleFiles.rsa(in: directory, name: "svc", password: Self.password)
        let json = """
            {"profiles": [
              {"name": "production-service", "clientId": "\(Self.client)", "tenantId": "\(Self.tenant)",
               "certificatePath": "\(files.pfx)", "authMethod": "Certificate", "scopes": ["https://graph.microsoft.com/.default"]},
              {"name": "legacy-service", "clientId": "\(Self.client)", "tenantId": "contoso.onmicrosoft.com",
               "certificatePath": "/nowhere/old.pfx", "useCertificate": true, "scope": "https://management.azure.com/.default"},
              {"name": "secret-app", "clientId": "\(Self.client)", "tenantId": "\(Self.tenant)", "authMethod": "ClientSecret"}
            ]}
            """
        let path = try directory.write(json, to: "profiles.json")
        let output = try run(home, ["profile", "import", path, "--password-ref", "env:SVC_PW"], environment: ["SVC_PW": Self.password])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("imported 2 profile(s)"))
        #expect(output.stderr.contains("secret-app skipped"))
        #expect(output.stderr.contains("legacy-service: certificate not linked"))
        let production = try run(home, ["profile", "show", "-p", "production-service"])
        #expect(production.stdout.contains(try IndependentTools.opensslFingerprint(of: files.pem, digest: "sha1")))
        let legacy = try run(home, ["profile", "show", "-p", "legacy-service"])
        #expect(legacy.stdout.contains("https://management.azure.com/.default"))
        #expect(legacy.stdout.contains("MISSING"))

        let again = try run(home, ["profile", "import", path, "--password-ref", "env:SVC_PW"], environment: ["SVC_PW": Self.password])
        #expect(again.status == 1)
        #expect(again.stderr.contains("nothing was imported"))
        #expect(try run(home, ["profile", "list", "--format", "json"]).stdout.components(separatedBy: "\"name\"").count == 3)
    }

    @Test("on a terminal, profile create asks for what is missing (driven by pexpect)")
    func terminalPrompts() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let files = try SampleFiles.rsa(in: directory, name: "tty", password: Self.password)
        let script = """
            import pexpect, sys
            child = pexpect.spawn(sys.argv[1], ["--home", sys.argv[2], "profile", "create"], env={"TTY_PW": sys.argv[4], "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}, encoding="utf-8", timeout=60)
            child.expect("Profile name: "); child.sendline("tty-profile")
            child.expect("Tenant ID"); child.sendline("contoso.onmicrosoft.com")
            child.expect("Client ID: "); child.sendline("\(Self.client)")
            child.expect("Certificate file"); child.sendline(sys.argv[3])
            child.expect("Password reference"); child.sendline("env:TTY_PW")
            child.expect("Scope"); child.sendline("")
            child.expect(pexpect.EOF)
            print(child.before)
            child.close()
            sys.exit(child.exitstatus)
            """
        let output = try IndependentTools.python(script, [Binaries.certkeeper, home, files.pfx, Self.password])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("created profile tty-profile"))
        #expect(!output.stdout.contains(Self.password))
        #expect(try run(home, ["profile", "show", "-p", "tty-profile"]).stdout.contains("from env:TTY_PW"))
    }
}
