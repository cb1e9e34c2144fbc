import Foundation
import TestSupport
import Testing

/// "Private material is 0600 from the first byte" and "output is written atomically",
/// observed in the system calls of the real binary (strace), not inferred from the final
/// file: a writer that creates the key 0644 and chmods it later, or truncates and rewrites
/// the destination, ends in the same final state but fails here.
@Suite(
    "file writes observed with strace",
    .enabled(if: SyscallTrace.available, "strace is missing or may not trace here (ptrace forbidden); scripts/test.sh installs strace")
)
struct FileWriteTraceTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func certkeeper(_ arguments: [String], environment: [String: String?] = [:]) throws -> SyscallTrace {
        let trace = try SyscallTrace.run(Binaries.certkeeper, arguments, environment: environment, scratch: directory)
        #expect(trace.output.status == 0, "\(trace.output)")
        return trace
    }

    @Test func aGeneratedKeyIsCreated0600AndAppearsOnlyWhenComplete() throws {
        let target = directory.file("k.pem")
        let trace = try certkeeper(["key", "generate", "--out", target])
        let observed = try WriteObservation(trace, target: target)
        #expect(observed.creationMode == 0o600, "created with mode \(String(observed.creationMode, radix: 8))")
        #expect(observed.placedBy == "link", "without --force the key is linked into place, so nothing is ever replaced")
        #expect(observed.problems.isEmpty, "\(observed.problems)")
        #expect(observed.bytesWritten == (try directory.read("k.pem")).count)
        #expect(try directory.mode(of: "k.pem") == 0o600)
    }

    @Test func forceReplacesAPFXByRenameNeverByRewritingIt() throws {
        let chain = try CertificateChainFixture()
        let target = directory.file("out.pfx")
        try directory.write("the old file stays whole until the new one is complete", to: "out.pfx", mode: 0o600)
        let trace = try certkeeper(
            ["convert", "pem-to-pfx", "--cert", chain.leafPath, "--key", chain.leafKeyPath, "--out", target, "--force", "--out-password-env", "P"],
            environment: ["P": "pfx pass"]
        )
        let observed = try WriteObservation(trace, target: target)
        #expect(observed.creationMode == 0o600)
        #expect(observed.placedBy == "rename")
        #expect(observed.problems.isEmpty, "\(observed.problems)")
        #expect(observed.bytesWritten == (try directory.read("out.pfx")).count)
        #expect(try directory.mode(of: "out.pfx") == 0o600)
    }

    @Test func certCreateWritesItsKeyAndPFXPrivatelyAndItsCertificatePublicly() throws {
        let trace = try certkeeper(
            ["cert", "create", "--subject", "CN=traced", "--out-dir", directory.path, "--password-env", "P"], environment: ["P": "pfx pass"]
        )
        let written = try directory.contents().filter { !$0.hasPrefix("strace-") }
        #expect(written.contains("traced.key.pem") && written.contains("traced.pfx"), "\(written)")
        for name in written {
            let observed = try WriteObservation(trace, target: directory.file(name))
            let expected: mode_t = name.hasSuffix(".key.pem") || name.hasSuffix(".pfx") ? 0o600 : 0o644
            #expect(observed.creationMode == expected, "\(name) created with mode \(String(observed.creationMode, radix: 8))")
            #expect(observed.problems.isEmpty, "\(name): \(observed.problems)")
            #expect(try directory.mode(of: name) == expected, "\(name)")
        }
    }

    @Test func scanOutputReplacesTheReportAtomically() throws {
        try TestCertificates.writePEM("c.pem", in: directory, start: Date(), days: 90)
        let target = directory.file("scan.json")
        try directory.write("{}", to: "scan.json")
        let trace = try certkeeper(["scan", directory.file("c.pem"), "--format", "json", "--output", target])
        let observed = try WriteObservation(trace, target: target)
        #expect(observed.creationMode == 0o644)
        #expect(observed.placedBy == "rename")
        #expect(observed.problems.isEmpty, "\(observed.problems)")
        #expect(observed.bytesWritten == (try directory.read("scan.json")).count)
    }
}

/// How the trace shows `target` came to be: a temporary file created exclusively with its
/// final mode, filled and fsynced, then linked or renamed onto `target` — and `target`
/// itself never opened for writing.
struct WriteObservation {
    let placedBy: String
    let creationMode: mode_t
    let bytesWritten: Int
    let problems: [String]

    init(_ trace: SyscallTrace, target: String) throws {
        let calls = trace.calls
        guard
            let placement = calls.lastIndex(where: {
                ["link", "linkat", "rename", "renameat", "renameat2"].contains($0.name) && $0.succeeded && $0.quotedPaths.last == target
            })
        else {
            throw TestSupportError("no link/rename onto \(target) in the trace:\n" + calls.map(\.description).joined(separator: "\n"))
        }
        let temporary = try #require(calls[placement].quotedPaths.first)
        placedBy = calls[placement].name.hasPrefix("link") ? "link" : "rename"
        guard let creation = calls.firstIndex(where: { ["open", "openat", "creat"].contains($0.name) && $0.quotedPaths.first == temporary }) else {
            throw TestSupportError("\(temporary) was never opened")
        }
        let flags = calls[creation].arguments
        creationMode = mode_t(flags.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { Int($0, radix: 8) } ?? -1)
        var problems: [String] = []
        if !flags.contains("O_CREAT") || !flags.contains("O_EXCL") { problems.append("the temporary file was not created exclusively: \(calls[creation])") }

        var bytes = 0
        var synced = false
        for (index, call) in calls.enumerated() {
            let descriptors = call.descriptorPaths
            let paths = call.quotedPaths
            let touchesTarget = descriptors.first == target || (paths.first == target && !call.name.hasPrefix("link") && !call.name.hasPrefix("rename"))
            if ["write", "pwrite64", "writev"].contains(call.name) {
                if descriptors.first == temporary {
                    if index > placement { problems.append("written after it was put in place: \(call)") }
                    bytes += Int(call.result.split(separator: " ").first ?? "") ?? 0
                } else if descriptors.first == target {
                    problems.append("the destination itself was written: \(call)")
                }
            }
            if ["fsync", "fdatasync"].contains(call.name), descriptors.first == temporary, index < placement { synced = true }
            if ["open", "openat", "creat"].contains(call.name), touchesTarget,
                call.arguments.contains("O_WRONLY") || call.arguments.contains("O_RDWR") || call.arguments.contains("O_TRUNC")
            {
                problems.append("the destination was opened for writing: \(call)")
            }
            if call.name.contains("chmod"), descriptors.first == temporary || descriptors.first == target || paths.contains(temporary) || paths.contains(target),
                let mode = call.arguments.split(separator: ",").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces), radix: 8) }),
                mode_t(mode) & ~creationMode != 0
            {
                problems.append("permissions widened: \(call)")
            }
        }
        if !synced { problems.append("the temporary file was not fsynced before it was put in place") }
        if bytes == 0 { problems.append("no bytes written to \(temporary) (the trace missed the writes?)") }
        if FileManager.default.fileExists(atPath: temporary) { problems.append("\(temporary) left behind") }
        bytesWritten = bytes
        self.problems = problems
    }
}
