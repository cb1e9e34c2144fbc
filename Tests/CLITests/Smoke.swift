import Testing
import TestSupport

@Test func helpListsExitCodes() throws {
    let output = try Binaries.runCertkeeper(["--help"])
    #expect(output.status == 0)
    #expect(output.stdout.contains("EXIT CODES"))
}
