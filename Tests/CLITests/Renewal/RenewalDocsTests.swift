import Foundation
import TestSupport
import Testing

/// docs/renewal.md is what people copy into their schedulers: its YAML must parse and every
/// `rotate due` / `renew` line in it must be a command certkeeper accepts.
@Suite("renewal docs")
struct RenewalDocsTests {
    static let document = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/renewal.md").path

    @Test("the GitHub Actions and Azure Pipelines examples parse as YAML and run rotate due")
    func yamlExamplesParse() throws {
        let script = """
            import json, re, sys, yaml
            text = open(sys.argv[1], encoding='utf-8').read()
            blocks = re.findall(r'```yaml\\n(.*?)```', text, re.S)
            print(json.dumps([yaml.safe_load(block) for block in blocks]))
            """
        let output = try IndependentTools.python(script, [Self.document])
        #expect(output.status == 0, "\(output)")
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(documents.count == 2)
        let github = try #require(documents.first { $0["jobs"] != nil })
        let steps = try #require(((github["jobs"] as? [String: Any])?["renew"] as? [String: Any])?["steps"] as? [[String: Any]])
        #expect(steps.contains { ($0["run"] as? String)?.contains("certkeeper rotate due") == true })
        let azure = try #require(documents.first { $0["pool"] != nil })
        let azureSteps = try #require(azure["steps"] as? [[String: Any]])
        #expect(azureSteps.contains { ($0["script"] as? String)?.contains("certkeeper rotate due") == true })
        #expect(azureSteps.contains { $0["task"] as? String == "PublishTestResults@2" })
    }

    @Test("every rotate due and renew command in the docs is accepted (run as a dry run on an empty home)")
    func commandsAreAccepted() throws {
        let directory = try TemporaryDirectory()
        let report = directory.file("report")
        let script = """
            import json, re, shlex, sys
            text = open(sys.argv[1], encoding='utf-8').read()
            commands = []
            for block in re.findall(r'```[a-z]*\\n(.*?)```', text, re.S):
                for line in block.replace('\\\\\\n', ' ').splitlines():
                    match = re.search(r'certkeeper (rotate due|renew)\\b(.*)', line)
                    if not match:
                        continue
                    words = []
                    for word in shlex.split(match.group(1) + match.group(2), comments=True):
                        if word in ('>>', '>', '2>&1', '|', ';', '&&') or word.startswith('>>') or word.startswith('2>'):
                            break
                        words.append(word)
                    commands.append(words)
            print(json.dumps(commands))
            """
        let output = try IndependentTools.python(script, [Self.document])
        #expect(output.status == 0, "\(output)")
        let commands = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String]])
        #expect(commands.count >= 8, "\(commands)")
        for command in commands {
            var arguments: [String] = []
            var replaceNext = false
            for word in command {
                // Paths of the scheduler's world (/var/lib/…, $(Build.ArtifactStagingDirectory)) become a scratch file.
                arguments.append(replaceNext || word.contains("$") ? report : word)
                replaceNext = word == "--output"
            }
            if command.first == "rotate" { arguments = ["rotate", "due"] + arguments.dropFirst(2) } else { arguments = ["renew"] + arguments.dropFirst() }
            let names = arguments.enumerated().filter { $0.offset > 0 && ["-p", "--profile"].contains(arguments[$0.offset - 1]) }.map(\.element)
            let home = directory.file("home-\(abs(command.joined().hashValue))")
            for name in Set(names) {
                let created = try Binaries.runCertkeeper(
                    [
                        "--home", home, "profile", "create", "--name", name, "--tenant",
                        "72f988bf-86f1-41af-91ab-2d7cd011db47", "--client-id", "11111111-2222-3333-4444-555555555555",
                    ], environment: [:])
                #expect(created.status == 0, "\(created)")
            }
            let run = try Binaries.runCertkeeper(["--home", home] + arguments + ["--dry-run"], environment: [:])
            #expect(run.status == 0, "docs command \(command.joined(separator: " ")): \(run)")
        }
    }
}
