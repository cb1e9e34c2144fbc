import Foundation
import TestSupport
import Testing

/// CI annotations, decoded with the escaping rules of @actions/core and
/// azure-pipelines-task-lib, and the table's colors.
struct ScanAnnotationTests {
    static let awkward = "we\"ird\\path\nline, 100%: a;b]c"

    func awkwardScan(_ format: String) throws -> (ProcessOutput, String, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let certificate = try TestCertificates.make(commonName: Self.awkward, notBefore: testEpoch - 90 * 86_400, notAfter: testEpoch - 86_400)
        try directory.write(certificate.pem, to: "odd, name: 100%.pem")
        try TestCertificates.writePEM("fine.pem", in: directory, start: testEpoch, days: 200)
        let output = try Binaries.runCertkeeper([
            "scan", directory.path, "--no-inventory", "--at", ScanFixture.at, "--format", format,
        ])
        return (output, certificate.subject.description, directory)
    }

    @Test func githubCommandsRoundTrip() throws {
        let (output, subject, directory) = try awkwardScan("github")
        #expect(output.status == 4)
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count == 2, "one annotation for the expired certificate, one notice: \(lines)")
        let command = try #require(GitHubCommand(String(lines[0])))
        #expect(command.name == "error")
        #expect(command.properties["file"] == directory.file("odd, name: 100%.pem"))
        #expect(command.properties["title"] == "Certificate expired")
        #expect(command.message.hasPrefix(subject + " expired "))
        let notice = try #require(GitHubCommand(String(lines[1])))
        #expect(notice.name == "notice" && notice.message.contains("2 certificates: 1 expired, 1 ok"))
    }

    @Test func githubFilesAreRelativeToTheWorkspace() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.file("certs"), withIntermediateDirectories: false)
        let certificate = try TestCertificates.make(commonName: "soon", notBefore: testEpoch - 86_400, notAfter: testEpoch + 86_400)
        try directory.write(certificate.pem, to: "certs/soon.pem")
        let output = try Binaries.runCertkeeper(
            ["scan", "certs", "--no-inventory", "--at", ScanFixture.at, "--format", "github"], currentDirectory: directory.path
        )
        #expect(output.status == 3)
        let command = try #require(output.stdout.split(separator: "\n").first.flatMap { GitHubCommand(String($0)) })
        #expect(command.properties["file"] == "certs/soon.pem")
    }

    @Test func azureDevOpsCommandsRoundTrip() throws {
        let (output, subject, directory) = try awkwardScan("azure-devops")
        #expect(output.status == 4)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let command = try #require(AzureLogIssue(lines[0]))
        #expect(command.properties["type"] == "error")
        #expect(command.properties["sourcepath"] == directory.file("odd, name: 100%.pem"))
        #expect(command.message.hasPrefix("Certificate expired: " + subject + " expired "))
        #expect(lines[1].hasPrefix("certkeeper scan: 2 certificates"))
    }

    @Test func belowFailOnFindingsAreWarnings() throws {
        let fixture = try ScanFixture.standard()
        let output = try fixture.scan(["--format", "github", "--fail-on", "expired"])
        let commands = output.stdout.split(separator: "\n").compactMap { GitHubCommand(String($0)) }
        let kinds = Dictionary(grouping: commands.filter { $0.name != "notice" }) { $0.properties["file"].map { ($0 as NSString).lastPathComponent } ?? "" }
            .mapValues { $0.map(\.name) }
        #expect(
            kinds == [
                "expired.pem": ["error"], "critical.pem": ["warning"], "warning.pem": ["warning"],
                "future.pem": ["warning"], "broken.pem": ["warning"],
            ])
    }
}

struct ScanTableTests {
    @Test func tableIsSortedByNotAfterAndPlainWithNoColor() throws {
        let fixture = try ScanFixture.standard()
        let output = try fixture.scan([], environment: ["NO_COLOR": "1"])
        #expect(output.status == 4)
        #expect(!output.stdout.contains("\u{1B}["))
        let statuses = output.stdout.split(separator: "\n").dropFirst().prefix(6).map { $0.split(separator: " ").first.map(String.init) }
        #expect(statuses == ["expired", "critical", "warning", "not_yet_valid", "ok", "error"])
        #expect(output.stdout.contains("5 certificates: 1 expired, 1 critical, 1 warning, 1 not yet valid, 1 ok; 1 source unreadable"))
    }

    @Test func aTerminalGetsColorsUnlessNoColor() throws {
        let fixture = try ScanFixture.standard()
        let command = [Binaries.certkeeper, "scan", fixture.certsPath, "--no-inventory", "--at", ScanFixture.at]
            .map { "'" + $0 + "'" }.joined(separator: " ")
        // util-linux `script` runs the command on a pseudo-terminal.
        let colored = try ProcessRunner.run("script", ["-qec", command, "/dev/null"], environment: ProcessRunner.environment(["NO_COLOR": nil]))
        #expect(colored.stdout.contains("\u{1B}[31mexpired"))
        let plain = try ProcessRunner.run("script", ["-qec", command, "/dev/null"], environment: ProcessRunner.environment(["NO_COLOR": "1"]))
        #expect(plain.stdout.contains("expired") && !plain.stdout.contains("\u{1B}["))
    }

    @Test func outputFileIsWrittenAtomicallyAndReplaced() throws {
        let fixture = try ScanFixture.standard()
        let target = fixture.directory.file("reports/scan.json")
        try FileManager.default.createDirectory(atPath: fixture.directory.file("reports"), withIntermediateDirectories: false)
        let first = try fixture.scan(["--format", "json", "--output", target])
        #expect(first.status == 4 && first.stdout.isEmpty)
        #expect(try fixture.directory.mode(of: "reports/scan.json") == 0o644)
        let report = try ScanJSONReport.decode(try fixture.directory.read("reports/scan.json"))
        #expect(report.summary.certificates == 5)
        let again = try fixture.scan(["--format", "table", "--output", target])
        #expect(again.status == 4)
        #expect(String(decoding: try fixture.directory.read("reports/scan.json"), as: UTF8.self).hasPrefix("STATUS"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory.file("reports")) == ["scan.json"])

        let nowhere = try fixture.scan(["--output", fixture.directory.file("missing/scan.json")])
        #expect(nowhere.status == 1)
        #expect(nowhere.stderr.contains("missing/scan.json"))
    }
}

/// `::name key=value,key=value::message`, unescaped as @actions/core escapes it.
struct GitHubCommand {
    let name: String
    let properties: [String: String]
    let message: String

    init?(_ line: String) {
        guard line.hasPrefix("::"), let end = line.range(of: "::", range: line.index(line.startIndex, offsetBy: 2)..<line.endIndex) else { return nil }
        let head = line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound]
        let parts = head.split(separator: " ", maxSplits: 1)
        name = String(parts[0])
        var properties: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: ",") {
                let keyValue = pair.split(separator: "=", maxSplits: 1)
                guard keyValue.count == 2 else { return nil }
                properties[String(keyValue[0])] = Self.unescape(String(keyValue[1]), property: true)
            }
        }
        self.properties = properties
        message = Self.unescape(String(line[end.upperBound...]), property: false)
    }

    static func unescape(_ text: String, property: Bool) -> String {
        var result = text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
        if property { result = result.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",") }
        return result.replacingOccurrences(of: "%25", with: "%")
    }
}

/// `##vso[task.logissue key=value;key=value;]message`, unescaped as the agent does.
struct AzureLogIssue {
    let properties: [String: String]
    let message: String

    init?(_ line: String) {
        let prefix = "##vso[task.logissue "
        guard line.hasPrefix(prefix), let close = line.firstIndex(of: "]") else { return nil }
        var properties: [String: String] = [:]
        for pair in line[line.index(line.startIndex, offsetBy: prefix.count)..<close].split(separator: ";") {
            let keyValue = pair.split(separator: "=", maxSplits: 1)
            guard keyValue.count == 2 else { return nil }
            properties[String(keyValue[0])] = Self.unescape(String(keyValue[1]))
        }
        self.properties = properties
        message = Self.unescape(String(line[line.index(after: close)...]))
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "%3B", with: ";").replacingOccurrences(of: "%5D", with: "]")
            .replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
            .replacingOccurrences(of: "%AZP25", with: "%")
    }
}
