import Testing
@testable import CertKeeperCore
@Test func placeholder() { #expect(FileReader.maximumSize > 0) }
