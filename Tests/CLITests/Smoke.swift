import Testing
@Test func cliPlaceholder() { #expect(Bool(true)) }
