import Foundation
import TestSupport
import Testing

@testable import CertKeeperBase

@Suite("Atomic, permission-exact file writing")
struct SecureFileWriterTests {
    @Test func writesPrivateAndPublicFilesWithExactModesAndNoLeftovers() throws {
        let directory = try TemporaryDirectory()
        let previous = umask(0o000)  // the mode must not depend on the caller's umask
        defer { umask(previous) }
        let writer = SecureFileWriter()
        try writer.write(Array("secret".utf8), to: directory.file("k.pem"), mode: .privateFile)
        try writer.write(Array("public".utf8), to: directory.file("c.pem"), mode: .publicFile)
        #expect(try directory.mode(of: "k.pem") == 0o600)
        #expect(try directory.mode(of: "c.pem") == 0o644)
        #expect(try directory.contents() == ["c.pem", "k.pem"])
        #expect(try directory.read("k.pem") == Array("secret".utf8))
    }

    @Test func neverReplacesAnExistingFileWithoutOverwrite() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("original", to: "k.pem")
        #expect(throws: BaseError(.fileExists, "")) {
            try SecureFileWriter().write(Array("new".utf8), to: path, mode: .privateFile)
        }
        #expect(try directory.read("k.pem") == Array("original".utf8))
        #expect(try directory.contents() == ["k.pem"])
        try SecureFileWriter(overwrite: true).write(Array("new".utf8), to: path, mode: .privateFile)
        #expect(try directory.read("k.pem") == Array("new".utf8))
        #expect(try directory.mode(of: "k.pem") == 0o600)
    }

    @Test func refusesDirectoriesAndMissingParents() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: BaseError(.notAFile, "")) { try SecureFileWriter().write([1], to: directory.path, mode: .publicFile) }
        #expect(throws: BaseError(.fileNotFound, "")) {
            try SecureFileWriter().checkWritable([directory.file("missing/sub/x.pem")])
        }
    }

    @Test func writeAllRemovesWhatItWroteWhenALaterFileFails() throws {
        let directory = try TemporaryDirectory()
        try directory.write("existing", to: "b.pem")
        #expect(throws: BaseError(.fileExists, "")) {
            try SecureFileWriter().writeAll([
                (directory.file("a.pem"), [1], .publicFile), (directory.file("b.pem"), [2], .publicFile),
            ])
        }
        #expect(try directory.contents() == ["b.pem"])
    }
}

@Suite("Reading input files")
struct FileReaderTests {
    @Test func namesTheFileAndTheProblem() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: BaseError(.fileNotFound, "")) { try FileReader.read(directory.file("nope.pem")) }
        #expect(throws: BaseError(.notAFile, "")) { try FileReader.read(directory.path) }
        do {
            _ = try FileReader.read(directory.file("nope.pem"))
        } catch {
            #expect(error.description == "\(directory.file("nope.pem")) does not exist")
        }
    }
    // A file without read permission: CLITests.PermissionTests (run as an unprivileged user).
}
