import Foundation
import TestSupport
import Testing

/// The renewal policy of a profile: set by `profile create/edit`, shown by `profile show`,
/// carried by `profile export --format json` and `profile import`.
@Suite("profile renewal policy")
struct RenewalPolicyCLITests {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "11111111-2222-3333-4444-555555555555"

    func run(_ home: String, _ arguments: [String]) throws -> ProcessOutput {
        try Binaries.runCertkeeper(["--home", home] + arguments, environment: ["POLICY_PW": "policy-pw"])
    }

    func document(_ home: String, _ name: String) throws -> [String: Any] {
        let shown = try run(home, ["profile", "show", "-p", name, "--format", "json"])
        #expect(shown.status == 0, "\(shown)")
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    }

    @Test("defaults, create with a policy, edit one field, show, history")
    func setShowEdit() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let files = try SampleFiles.rsa(in: directory, name: "payroll", password: "policy-pw")
        let plain = try run(home, ["profile", "create", "--name", "plain", "--tenant", Self.tenant, "--client-id", Self.client])
        #expect(plain.status == 0, "\(plain)")
        let defaults = try document(home, "plain")
        #expect(defaults["renew_before"] as? String == "66%")
        #expect(defaults["renew_register"] as? String == "guided")
        #expect(defaults["renew_overlap"] as? String == "1d")
        #expect(defaults["deploy_targets"] as? [String] == [])
        #expect(defaults["deploy_hook"] is NSNull)

        let created = try run(
            home,
            [
                "profile", "create", "--name", "payroll", "--tenant", Self.tenant, "--client-id", Self.client,
                "--cert", files.pfx, "--password-ref", "env:POLICY_PW",
                "--renew-before", "30d", "--renew-register", "graph", "--renew-overlap", "2h",
                "--deploy-hook", "systemctl reload payroll", "--deploy-target", "file:/etc/payroll/client.pfx",
                "--deploy-target", "keyvault:https://contoso.vault.azure.net/certificates/payroll",
            ])
        #expect(created.status == 0, "\(created)")
        let policy = try document(home, "payroll")
        #expect(policy["renew_before"] as? String == "30d")
        #expect(policy["renew_register"] as? String == "graph")
        #expect(policy["renew_overlap"] as? String == "2h")
        #expect(policy["deploy_hook"] as? String == "systemctl reload payroll")
        #expect(policy["deploy_targets"] as? [String] == ["file:/etc/payroll/client.pfx", "keyvault:https://contoso.vault.azure.net/certificates/payroll"])

        let text = try run(home, ["profile", "show", "-p", "payroll"]).stdout
        #expect(text.contains("graph, when 30d or less remain"))
        #expect(text.contains("Renewal due:"))
        #expect(text.contains("systemctl reload payroll"))

        // Editing one field keeps the others; the empty hook removes it.
        let edited = try run(home, ["profile", "edit", "-p", "payroll", "--renew-before", "80%", "--deploy-hook", ""])
        #expect(edited.status == 0, "\(edited)")
        let after = try document(home, "payroll")
        #expect(after["renew_before"] as? String == "80%")
        #expect(after["renew_register"] as? String == "graph")
        #expect(after["deploy_hook"] is NSNull)
        #expect((after["deploy_targets"] as? [String])?.count == 2)
        let cleared = try run(home, ["profile", "edit", "-p", "payroll", "--no-deploy-targets", "--renew-register", "off"])
        #expect(cleared.status == 0, "\(cleared)")
        #expect(try document(home, "payroll")["deploy_targets"] as? [String] == [])
        #expect(try run(home, ["profile", "show", "-p", "payroll"]).stdout.contains("off: rotate due leaves this profile alone"))
        let history = try run(home, ["history", "-p", "payroll", "--format", "json"]).stdout
        #expect(history.contains("renew_before"))
        #expect(history.contains("deploy_targets"))
    }

    @Test(
        "bad values are usage errors that change nothing",
        arguments: [
            ["--renew-before", "0%"], ["--renew-before", "100%"], ["--renew-before", "0d"], ["--renew-before", "soon"],
            ["--renew-before", "3m"], ["--renew-register", "portal"], ["--renew-overlap", "a while"],
            ["--deploy-target", "no-kind"], ["--deploy-target", "File:/x"], ["--deploy-target", "file:/x\u{1B}[2J"],
            ["--deploy-hook", "reload\u{1B}]0;owned\u{07}"], ["--deploy-target", "file:/a", "--no-deploy-targets"],
        ])
    func badValues(arguments: [String]) throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        #expect(try run(home, ["profile", "create", "--name", "p", "--tenant", Self.tenant, "--client-id", Self.client]).status == 0)
        let before = try document(home, "p")
        let edited = try run(home, ["profile", "edit", "-p", "p"] + arguments)
        #expect(edited.status == 64, "\(edited)")
        #expect(edited.stderr.split(separator: "\n").first.map { !$0.contains("\u{1B}") } == true, "no raw escape in the error")
        let after = try document(home, "p")
        for key in ["renew_before", "renew_register", "renew_overlap", "deploy_hook", "deploy_targets"] {
            #expect("\(before[key] ?? "")" == "\(after[key] ?? "")", "\(key) changed")
        }
        let created = try run(home, ["profile", "create", "--name", "q", "--tenant", Self.tenant, "--client-id", Self.client] + arguments)
        #expect(created.status == 64)
        #expect(try run(home, ["profile", "show", "-p", "q"]).status == 1, "nothing was created")
    }

    @Test("export and import carry the policy; a deploy hook in a file needs --allow-deploy-hooks; show escapes it")
    func exportImport() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let other = directory.file("other")
        let created = try run(
            home,
            [
                "profile", "create", "--name", "billing", "--tenant", Self.tenant, "--client-id", Self.client,
                "--renew-before", "45d", "--renew-register", "graph", "--renew-overlap", "0",
                "--deploy-hook", "cp \"$CERTKEEPER_PFX_PATH\" /srv/billing/\necho done", "--deploy-target", "file:/srv/billing/client.pfx",
            ])
        #expect(created.status == 0, "\(created)")
        let shown = try run(home, ["profile", "show", "-p", "billing"]).stdout
        let hookLine = try #require(shown.split(separator: "\n").first { $0.hasPrefix("Deploy hook:") })
        #expect(hookLine.contains("/srv/billing/\\x0aecho done"), "the newline of the hook is shown escaped, on one line")

        let exported = try run(home, ["profile", "export", "-p", "billing", "--format", "json"])
        #expect(exported.status == 0, "\(exported)")
        let file = try directory.write(Array(exported.stdout.utf8), to: "billing.json")
        let refused = try run(other, ["profile", "import", file])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--allow-deploy-hooks"))
        #expect(refused.stderr.contains("\\x0aecho done"), "the hook is shown, escaped")
        #expect(try run(other, ["profile", "show", "-p", "billing"]).status == 1, "nothing was imported")

        let imported = try run(other, ["profile", "import", file, "--allow-deploy-hooks"])
        #expect(imported.status == 0, "\(imported)")
        let original = try document(home, "billing")
        let copy = try document(other, "billing")
        for key in ["renew_before", "renew_register", "renew_overlap", "deploy_hook", "deploy_targets"] {
            #expect("\(original[key] ?? "")" == "\(copy[key] ?? "")", "\(key) differs after the round trip")
        }
        #expect(copy["renew_overlap"] as? String == "0d")

        // A file without policy fields gets the defaults.
        let bare = try directory.write(
            Array(
                """
                {"name": "bare", "tenant_id": "\(Self.tenant)", "client_id": "\(Self.client)"}
                """.utf8), to: "bare.json")
        #expect(try run(other, ["profile", "import", bare]).status == 0)
        #expect(try document(other, "bare")["renew_before"] as? String == "66%")
    }

    @Test("env and Terraform exports show the policy in comments that a hostile hook or target cannot break out of")
    func exportsEscapeThePolicy() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let marker = directory.file("PWNED")
        let created = try run(
            home,
            [
                "profile", "create", "--name", "hostile", "--tenant", Self.tenant, "--client-id", Self.client,
                "--deploy-hook", "true\ntouch '\(marker)'\n#", "--deploy-target", "file:/x'$(touch \(marker))'\"",
            ])
        #expect(created.status == 0, "\(created)")
        let env = try run(home, ["profile", "export", "-p", "hostile", "--format", "env"])
        #expect(env.status == 0, "\(env)")
        #expect(env.stdout.contains("# renewal (certkeeper rotate due): guided, renew_before 66%"))
        let file = try directory.write(Array(env.stdout.utf8), to: "hostile.env")
        let sourced = try ProcessRunner.run("/bin/bash", ["-c", "set -eu; source \"$1\"", "bash", file])
        #expect(sourced.status == 0, "\(sourced)")
        #expect(!FileManager.default.fileExists(atPath: marker), "sourcing the export ran the hook's text")
        let terraform = try run(home, ["profile", "export", "-p", "hostile", "--format", "terraform"])
        #expect(terraform.status == 0, "\(terraform)")
        for line in (env.stdout + "\n" + terraform.stdout).split(separator: "\n") where line.contains("touch") {
            #expect(line.hasPrefix("# "), "a line outside a comment carries the hook: \(line)")
        }
    }
}
