import CertKeeperBase
import CertKeeperCore
import Foundation

/// The findings worth an annotation (everything but OK certificates), and whether each one
/// fails the run (`error`) or only warns, per `--fail-on`.
private func annotations(_ report: ExpiryScanReport, _ body: (_ failing: Bool, _ file: String?, _ title: String, _ message: String) throws(CoreError) -> Void) throws(CoreError) {
    try report.forEach { (entry) throws(CoreError) in
        let failing = report.fails(entry.status)
        switch entry {
        case .certificate(let certificate, let evaluation):
            guard evaluation.status != .ok else { return }
            try body(
                failing, ScanWording.files(of: certificate).first, ScanWording.title(for: evaluation.status),
                ScanWording.message(for: certificate, evaluation))
        case .credential(let credential, let evaluation):
            guard evaluation.status != .ok else { return }
            try body(
                failing, credential.files.first, ScanWording.title(for: evaluation.status), ScanWording.message(for: credential, evaluation))
        case .unreadable(let source):
            try body(failing, source.source, ScanWording.title(for: .error), ScanWording.message(for: source))
        }
    }
}

/// `--format github`: GitHub Actions workflow commands, `::error file=…,title=…::message`
/// at or above `--fail-on`, `::warning …` below it, then a `::notice` with the summary.
struct GitHubAnnotationReporter: ScanRenderer {
    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        try annotations(report) { (failing, file, title, message) throws(CoreError) in
            var properties: [String] = []
            if let file { properties.append("file=" + Self.property(Self.relative(file))) }
            properties.append("title=" + Self.property(title))
            try CoreError.lifting(try output.write("::\(failing ? "error" : "warning") \(properties.joined(separator: ","))::\(Self.data(message))\n"))
        }
        let summary = try report.summary()
        try CoreError.lifting(try output.write("::notice title=certkeeper scan::\(Self.data(ScanWording.summary(summary)))\n"))
    }

    /// Message escaping of @actions/core: %, CR and LF.
    static let dataEscapes = EscapeTable([UInt8(ascii: "%"): "%25", UInt8(ascii: "\r"): "%0D", UInt8(ascii: "\n"): "%0A"])
    /// Property escaping: as data, plus ':' and ',' (which separate properties).
    static let propertyEscapes = dataEscapes.adding([UInt8(ascii: ":"): "%3A", UInt8(ascii: ","): "%2C"])

    static func data(_ text: String) -> String { dataEscapes.escape(text) }

    static func property(_ text: String) -> String { propertyEscapes.escape(text) }

    /// GitHub resolves `file=` against the workspace, where the job runs: a path under the
    /// working directory is written relative to it (`certs/a.pem`).
    private static func relative(_ path: String) -> String {
        let directory = FileManager.default.currentDirectoryPath
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var trimmed = Substring(path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        return String(trimmed)
    }
}

/// `--format azure-devops`: Azure Pipelines logging commands,
/// `##vso[task.logissue type=error;sourcepath=…;code=…]message`, then the summary as a plain line.
struct AzureDevOpsReporter: ScanRenderer {
    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        try annotations(report) { (failing, file, title, message) throws(CoreError) in
            var properties = ["type=\(failing ? "error" : "warning")"]
            if let file { properties.append("sourcepath=" + Self.property(file)) }
            try CoreError.lifting(try output.write("##vso[task.logissue \(properties.joined(separator: ";"));]\(Self.data(title + ": " + message))\n"))
        }
        let summary = try report.summary()
        try CoreError.lifting(try output.write("certkeeper scan: \(Self.data(ScanWording.summary(summary)))\n"))
    }

    /// Message escaping of azure-pipelines-task-lib: % (as %AZP25), CR and LF.
    static let dataEscapes = EscapeTable([UInt8(ascii: "%"): "%AZP25", UInt8(ascii: "\r"): "%0D", UInt8(ascii: "\n"): "%0A"])
    /// Property escaping: as data, plus ';' (separates properties) and ']' (ends the command).
    static let propertyEscapes = dataEscapes.adding([UInt8(ascii: ";"): "%3B", UInt8(ascii: "]"): "%5D"])

    static func data(_ text: String) -> String { dataEscapes.escape(text) }

    static func property(_ text: String) -> String { propertyEscapes.escape(text) }
}
