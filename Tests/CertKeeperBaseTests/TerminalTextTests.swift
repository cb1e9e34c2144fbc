import CertKeeperBase
import Testing

struct TerminalTextTests {
    @Test func controlCharactersBecomeQuestionMarks() {
        #expect(TerminalText.escape("CN=a\u{1B}[31mred\u{7}") == "CN=a?[31mred?")
        #expect(TerminalText.escape("tab\there\r\n") == "tab?here??")
        #expect(TerminalText.escape("del\u{7F}") == "del?")
        #expect(TerminalText.escape("csi\u{9B}2J") == "csi?2J")
    }

    @Test func printableTextPassesUnchanged() {
        #expect(TerminalText.escape("CN=Müller, O=Contoso 株式会社 ©") == "CN=Müller, O=Contoso 株式会社 ©")
        #expect(TerminalText.escape("") == "")
    }
}
