import CertKeeperBase
import Testing

struct TerminalTextTests {
    @Test func controlCharactersBecomeVisibleEscapes() {
        #expect(TerminalText.escaped("CN=a\u{1B}[31mred\u{7}") == "CN=a\\x1b[31mred\\x07")
        #expect(TerminalText.escaped("tab\there\r\n") == "tab\\x09here\\x0d\\x0a")
        #expect(TerminalText.escaped("del\u{7F}") == "del\\x7f")
        #expect(TerminalText.escaped("csi\u{9B}2J") == "csi\\u{9b}2J")
        #expect(TerminalText.escaped("\u{202E}dcba") == "\\u{202e}dcba")
    }

    @Test func printableTextPassesUnchanged() {
        let text = "CN=Müller, O=Contoso 株式会社 © – “quoted” €"
        #expect(TerminalText.escaped(text) == text)
        #expect(TerminalText.escaped("") == "")
    }
}
