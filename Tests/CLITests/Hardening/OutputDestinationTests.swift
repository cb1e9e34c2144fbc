import Foundation
import TestSupport
import Testing

/// `scan --output` and `convert --out` never replace what is not a regular file: `-` is
/// stdout, FIFOs and character devices are written through, a symlink keeps pointing where
/// it did, block devices and dangling links are refused. `--force` replaces regular files only.
@Suite("output destinations")
struct OutputDestinationTests {
    enum Kind: Equatable { case regular, symlink, fifo, characterDevice, blockDevice, missing, other }

    static func kind(_ path: String) -> Kind {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFLNK: return .symlink
        case S_IFIFO: return .fifo
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        default: return .other
        }
    }

    /// glibc's dev_t encoding for small major and minor numbers (`makedev` is a macro).
    static func device(_ major: UInt64, _ minor: UInt64) -> dev_t { dev_t((major << 8) | minor) }

    func scan(_ home: String, _ output: String) throws -> ProcessOutput {
        try Binaries.runCertkeeper([
            "--home", home, "scan", "--no-inventory", Self.emptyDirectory(home), "--format", "json",
            "--fail-on", "never", "--output", output,
        ])
    }

    static func emptyDirectory(_ home: String) -> String {
        let path = home + "-empty"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Reads a FIFO on a thread while `body` writes to it.
    func readingFIFO(_ path: String, _ body: () throws -> ProcessOutput) throws -> (ProcessOutput, String) {
        #expect(mkfifo(path, 0o600) == 0)
        let received = Received()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            // Plain open/read: Foundation opens FIFOs non-blocking and would return at once.
            let descriptor = open(path, O_RDONLY)
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while descriptor >= 0 {
                let count = read(descriptor, &buffer, buffer.count)
                if count <= 0 { break }
                data.append(contentsOf: buffer[0..<count])
            }
            if descriptor >= 0 { close(descriptor) }
            received.set(data)
            done.signal()
        }
        let output = try body()
        if done.wait(timeout: .now() + 30) == .timedOut {
            // Unblock the reader if certkeeper never opened the FIFO.
            if let handle = FileHandle(forWritingAtPath: path) { try? handle.close() }
            _ = done.wait(timeout: .now() + 5)
        }
        return (output, received.text)
    }

    @Test("scan --output -, a FIFO, and a symlink to a FIFO are written through, never replaced")
    func scanWritesThroughFIFOs() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let dash = try scan(home, "-")
        #expect(dash.status == 0, "\(dash)")
        #expect(dash.stdout.contains("certkeeper.scan/v1"), "\(dash)")
        #expect(!directory.exists("-"))

        let (fifoRun, fifoText) = try readingFIFO(directory.file("report.fifo")) { try scan(home, directory.file("report.fifo")) }
        #expect(fifoRun.status == 0, "\(fifoRun)")
        #expect(fifoText.contains("certkeeper.scan/v1"), "\(fifoText)")
        #expect(Self.kind(directory.file("report.fifo")) == .fifo)

        let link = directory.file("link-to-fifo")
        let target = directory.file("target.fifo")
        let (linkRun, linkText) = try readingFIFO(target) {
            #expect(symlink(target, link) == 0)
            return try scan(home, link)
        }
        #expect(linkRun.status == 0, "\(linkRun)")
        #expect(linkText.contains("certkeeper.scan/v1"))
        #expect(Self.kind(link) == .symlink && Self.kind(target) == .fifo)
        #expect(try directory.contents().allSatisfy { !$0.hasPrefix(".certkeeper-tmp") })
    }

    @Test("a symlink like /dev/stdout (to /proc/self/fd/1) stays a symlink: the report reaches the real stdout")
    func devStdoutLikeSymlink() throws {
        let directory = try TemporaryDirectory()
        let link = directory.file("stdout")
        #expect(symlink("/proc/self/fd/1", link) == 0)
        let run = try scan(directory.file("home"), link)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("certkeeper.scan/v1"), "\(run)")
        #expect(Self.kind(link) == .symlink)
    }

    @Test("a symlink to a regular file keeps pointing there: the file it names gets the report")
    func symlinkToRegularFile() throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write("old", to: "real.json")
        let link = directory.file("link.json")
        #expect(symlink(target, link) == 0)
        let run = try scan(directory.file("home"), link)
        #expect(run.status == 0, "\(run)")
        #expect(Self.kind(link) == .symlink)
        #expect(String(decoding: try directory.read("real.json"), as: UTF8.self).contains("certkeeper.scan/v1"))
        let dangling = directory.file("dangling.json")
        #expect(symlink(directory.file("nowhere/x.json"), dangling) == 0)
        let refused = try scan(directory.file("home"), dangling)
        #expect(refused.status == 1, "\(refused)")
        #expect(Self.kind(dangling) == .symlink)
    }

    @Test("device nodes: a character device is written through, a block device refused; --force never replaces either")
    func deviceNodes() throws {
        guard geteuid() == 0 else {
            Issue.record("skipped: creating device nodes needs root (CI runs as root)")
            return
        }
        let directory = try TemporaryDirectory()
        let null = directory.file("null")
        let block = directory.file("block")
        // A /dev/null twin and a block node for an unassigned device (240 is for local/experimental use).
        #expect(mknod(null, S_IFCHR | 0o666, Self.device(1, 3)) == 0)
        #expect(mknod(block, S_IFBLK | 0o600, Self.device(240, 0)) == 0)
        let run = try scan(directory.file("home"), null)
        #expect(run.status == 0, "\(run)")
        #expect(Self.kind(null) == .characterDevice)
        let refused = try scan(directory.file("home"), block)
        #expect(refused.status == 1, "\(refused)")
        #expect(Self.kind(block) == .blockDevice)

        let files = try SampleFiles.rsa(in: directory, name: "c", password: "pw")
        for force in [[], ["--force"]] {
            let converted = try Binaries.runCertkeeper(["convert", "der-to-pem", "--in", files.der, "--out", null] + force)
            #expect(converted.status == 0, "\(force): \(converted)")
            #expect(Self.kind(null) == .characterDevice)
            let toBlock = try Binaries.runCertkeeper(["convert", "der-to-pem", "--in", files.der, "--out", block] + force)
            #expect(toBlock.status == 1, "\(force): \(toBlock)")
            #expect(Self.kind(block) == .blockDevice)
        }
        #expect(try directory.contents().allSatisfy { !$0.hasPrefix(".certkeeper-tmp") })
    }

    @Test("convert --out: a FIFO is written through without --force; a regular file needs --force")
    func convertOutputs() throws {
        let directory = try TemporaryDirectory()
        let files = try SampleFiles.rsa(in: directory, name: "c", password: "pw")
        let fifo = directory.file("out.fifo")
        let (run, text) = try readingFIFO(fifo) {
            try Binaries.runCertkeeper(["convert", "der-to-pem", "--in", files.der, "--out", fifo])
        }
        #expect(run.status == 0, "\(run)")
        #expect(text.hasPrefix("-----BEGIN CERTIFICATE-----"), "\(text)")
        #expect(Self.kind(fifo) == .fifo)

        let existing = try directory.write("keep", to: "out.pem")
        let refused = try Binaries.runCertkeeper(["convert", "der-to-pem", "--in", files.der, "--out", existing])
        #expect(refused.status == 1)
        #expect(try directory.read("out.pem") == Array("keep".utf8))
        let forced = try Binaries.runCertkeeper(["convert", "der-to-pem", "--in", files.der, "--out", existing, "--force"])
        #expect(forced.status == 0, "\(forced)")
        #expect(Self.kind(existing) == .regular)
        #expect(String(decoding: try directory.read("out.pem"), as: UTF8.self).hasPrefix("-----BEGIN CERTIFICATE-----"))
    }
}

private final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
