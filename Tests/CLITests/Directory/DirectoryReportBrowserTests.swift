import Foundation
import TestSupport
import Testing

/// The HTML report's "Entra ID apps with findings" section as a reader's browser shows it
/// (headless Chromium, `ReportBrowser`): one closed block per app with a finding, its worst
/// status and counts in the heading, its credentials listed once opened, and a hostile app
/// name shown as text.
@Suite struct DirectoryReportBrowserTests {
    struct Section: Decodable {
        struct Block: Decodable {
            let status: String
            let open: Bool
            let summary: String
            let items: [String]
            let visibleItems: Int
            let visibleItemsWhenOpen: Int
            let height: Double
            let heightWhenOpen: Double
        }

        let heading: String
        let visible: Bool
        let note: String
        let blocks: [Block]
        let elements: [String]
    }

    static let probe = """
        JSON.stringify((() => {
          const section = document.getElementById("apps-section");
          if (!section) return null;
          // checkVisibility: a closed <details> keeps its content laid out but hidden.
          const shown = (element) => element.checkVisibility();
          const blocks = Array.from(section.querySelectorAll("details.app")).map((details) => {
            const items = Array.from(details.querySelectorAll("li"));
            const block = {status: details.dataset.status, open: details.open,
                           summary: details.querySelector("summary").textContent,
                           items: items.map((li) => li.textContent), visibleItems: items.filter(shown).length,
                           height: details.getBoundingClientRect().height};
            details.open = true;
            block.visibleItemsWhenOpen = items.filter(shown).length;
            block.heightWhenOpen = details.getBoundingClientRect().height;
            details.open = false;
            return block;
          });
          return {heading: section.querySelector("h2")?.textContent ?? "", visible: shown(section),
                  note: section.querySelector("p.note")?.textContent ?? "", blocks,
                  elements: Array.from(new Set(Array.from(section.querySelectorAll("*")).map((e) => e.localName))).sort()};
        })())
        """

    @Test func theAppsSectionShowsOneClosedBlockPerAppWithAFinding() throws {
        let fixture = try DirectoryScanTests.smallTenant()
        let report = fixture.home.file("report.html")
        let scan = try fixture.run(["scan", "--format", "html", "--output", report] + DirectoryScanTests.thresholds)
        #expect(scan.status == 4, "\(scan)")
        let screenshot = fixture.home.file("apps.png")
        let seen = try ReportBrowser.open(report, screenshot: screenshot, probe: Self.probe)
        #expect(seen.exceptions.isEmpty, "\(seen.exceptions)")
        #expect(seen.console.filter { $0.level == "error" }.isEmpty, "\(seen.console)")
        #expect(seen.dialogs.isEmpty && seen.requests.isEmpty, "\(seen.dialogs) \(seen.requests)")
        let section = try JSONDecoder().decode(Section.self, from: Data(try #require(seen.probe, "no apps section").utf8))
        #expect(section.heading == "Entra ID apps with findings")
        #expect(section.visible)
        #expect(section.note.contains("open one for its certificates and client secrets"))

        // The reader app (a client secret, a certificate nobody holds, its own certificate)
        // and the hostile one (its only secret expired); every app here has a finding.
        #expect(section.blocks.count == 2, "\(section.blocks)")
        let reader = try #require(section.blocks.first { $0.summary.contains(IdPEmulator.clientID) }, "\(section.blocks)")
        #expect(reader.summary.contains("application certkeeper token tests"), "\(reader.summary)")
        #expect(reader.status == "client_secret" || reader.status == "unmanaged_certificate", "\(reader)")
        #expect(reader.items.count == 3, "\(reader.items)")
        #expect(reader.summary.contains("3 credentials: "), "\(reader.summary)")
        #expect(reader.items.contains { $0.contains("client secret") && $0.contains("ci-secret") }, "\(reader.items)")
        let hostile = try #require(section.blocks.first { $0.status == "no_valid_credential" }, "\(section.blocks)")
        #expect(hostile.summary.contains("evil␛[31mred"), "control characters are shown, not obeyed: \(hostile.summary)")
        #expect(hostile.summary.contains("<b>&"), "markup in the name is text: \(hostile.summary)")
        #expect(!hostile.summary.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(hostile.items.count == 1 && hostile.summary.contains("1 credential: "), "\(hostile)")
        // Closed until the reader opens a block; then every credential shows.
        for block in section.blocks {
            #expect(!block.open && block.visibleItems == 0, "\(block)")
            #expect(block.visibleItemsWhenOpen == block.items.count, "\(block)")
            #expect(block.heightWhenOpen > block.height, "\(block)")
        }
        // Only the report's own markup: the hostile name added no element.
        #expect(Set(section.elements).isSubset(of: ["code", "details", "h2", "li", "p", "span", "summary", "ul"]), "\(section.elements)")
        #expect(FileManager.default.fileExists(atPath: screenshot))
    }
}
