import Foundation
import TestSupport
import Testing

/// Directory walking reads each `dirent` name with its real length. Copying the whole
/// `struct dirent` (256 bytes of `d_name`) read past the end of glibc's buffer for short
/// records near its end, and crashed `scan DIR` about one run in seven on trees like this.
@Suite("directory walk")
struct DirectoryWalkTests {
    /// Ten directories of 50–800 files with names of many lengths,
    /// so records of all sizes end up at the end of a getdents buffer.
    static func makeTree(in directory: TemporaryDirectory) throws -> String {
        let root = directory.file("tree")
        for index in 0..<10 {
            let folder = "\(root)/dir\(index)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let count = 50 + index * 83  // 50 … 797
            for file in 0..<count {
                let length = 1 + (file * 7 + index) % 60
                let name = String(repeating: Character(UnicodeScalar(UInt8(97 + (file % 26)))), count: length) + "-\(file)"
                _ = FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data("x".utf8))
            }
        }
        return root
    }

    @Test("scan DIR over ten directories of 50–800 files, repeatedly: no crash")
    func repeatedScansDoNotCrash() throws {
        let directory = try TemporaryDirectory()
        let root = try Self.makeTree(in: directory)
        for attempt in 0..<8 {
            // The binary itself (no setsid wrapper), so a signal shows as a signal.
            let output = try ProcessRunner.run(
                Binaries.certkeeper, ["--home", directory.file("home"), "scan", root, "--format", "json", "--fail-on", "never"],
                environment: ProcessRunner.environment(["NO_COLOR": "1"]))
            #expect(output.status == 0, "run \(attempt): \(output.status) \(output.stderr.prefix(500))")
            #expect(output.stdout.contains("\"certificates\": 0,"), "run \(attempt): \(output.stdout.prefix(500))")
        }
    }
}
