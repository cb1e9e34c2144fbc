import Foundation
import TestSupport
import Testing

/// Debian's headless Chromium, driven over the DevTools protocol by
/// `Tests/Scripts/report_browser.py`: what a reader's browser does with an HTML report.
///
/// Never skipped: scripts/test.sh installs chromium (scripts/ensure-deps.sh) and
/// websocket-client, and a run without them fails here, saying what to install.
enum ReportBrowser {
    struct Result: Decodable {
        struct Message: Decodable {
            let level: String?
            let text: String?
        }

        struct Dialog: Decodable {
            let type: String?
            let message: String?
        }

        struct Exercise: Decodable {
            let buttons: Int
            let sorted: [Bool]
            let filterVisible: Int
            let shown: String
        }

        let console: [Message]
        let exceptions: [String]
        let dialogs: [Dialog]
        /// Requests that left the page (other than the report itself).
        let requests: [String]
        /// Requests the browser refused before sending (the CSP).
        let blockedRequests: [String]
        let loadMs: Double
        let readyMs: Double
        let probe: String?
        let exercise: Exercise?

        /// The page's facts (`PageFacts.probe` evaluated after load).
        func facts() throws -> PageFacts {
            let decoder = JSONDecoder()
            return try decoder.decode(PageFacts.self, from: Data(try #require(probe).utf8))
        }
    }

    /// What the tests read off a loaded report.
    struct PageFacts: Decodable {
        let rows: Int
        let bars: Int
        let linkedBars: Int
        let bucketTotal: Int
        let density: Bool
        let bands: [String]
        let counts: [String: Int]
        let rowStatuses: [String]
        let subjects: [String]
        let sources: [[String]]
        let barTitles: [String]
        let filterVisible: Bool
        let pwned: Bool
        let scripts: Int
        let images: Int
        let handlers: Int
        let csp: String

        static let probe = """
            JSON.stringify((() => {
              const rows = Array.from(document.querySelectorAll("#findings tbody tr"));
              const links = Array.from(document.querySelectorAll("#timeline a"));
              return {
                rows: rows.length,
                bars: document.querySelectorAll("#timeline rect.bar").length,
                linkedBars: links.filter((a) => document.getElementById((a.getAttribute("href") || "").slice(1)) !== null).length,
                bucketTotal: Array.from(document.querySelectorAll("#timeline g.bucket")).reduce((sum, g) => sum + Number(g.dataset.count), 0),
                density: document.getElementById("timeline")?.classList.contains("density") ?? false,
                bands: Array.from(document.querySelectorAll("#timeline text.group")).map((text) => text.textContent),
                counts: Object.fromEntries(Array.from(document.querySelectorAll("#counts li")).map((li) => [li.dataset.status, Number(li.querySelector("b")?.textContent)])),
                rowStatuses: rows.map((row) => row.dataset.status),
                subjects: rows.map((row) => row.cells[1]?.textContent ?? ""),
                sources: rows.map((row) => Array.from(row.cells[6]?.childNodes ?? []).filter((node) => node.nodeType === 3).map((node) => node.data)),
                barTitles: links.map((a) => a.querySelector("title")?.textContent ?? ""),
                filterVisible: !(document.getElementById("filter")?.hidden ?? true),
                pwned: typeof window.__pwned !== "undefined",
                scripts: document.scripts.length,
                images: document.images.length,
                handlers: Array.from(document.querySelectorAll("*")).filter((element) => Array.from(element.attributes).some((attribute) => attribute.name.startsWith("on"))).length,
                csp: (document.querySelector("meta[http-equiv='Content-Security-Policy']") || {content: ""}).content,
              };
            })())
            """
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/report_browser.py").path

    /// Loads `report` and returns what the browser saw. Fails the test when Chromium or the
    /// websocket client is missing: a browser test that passes without a browser proves nothing.
    static func open(
        _ report: String, exercise: String? = nil, screenshot: String? = nil, bypassCSP: Bool = false, scripts: Bool = true,
        probe: String = PageFacts.probe
    ) throws -> Result {
        try requireBrowser()
        var arguments = [script, report, "--probe", probe]
        if let exercise { arguments += ["--exercise", exercise] }
        if let screenshot { arguments += ["--screenshot", screenshot] }
        if bypassCSP { arguments.append("--bypass-csp") }
        if !scripts { arguments.append("--no-scripts") }
        let output = try ProcessRunner.run("python3", arguments)
        try #require(output.status == 0, "report_browser.py failed: \(output)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Result.self, from: Data(output.stdout.utf8))
    }

    static func requireBrowser() throws {
        let chromium = try ProcessRunner.run("/bin/sh", ["-c", "command -v chromium"])
        try #require(chromium.status == 0, "chromium is not installed: run scripts/ensure-deps.sh (apt-get install chromium)")
        try #require(
            PythonModules.available("websocket", package: "websocket-client"),
            "the Python websocket-client package is missing and could not be installed: run scripts/test.sh")
    }
}
