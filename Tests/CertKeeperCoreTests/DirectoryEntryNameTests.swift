import Foundation
import Testing

@testable import CertKeeperCore

/// `readdir` returns records only `d_reclen` bytes long, though `d_name` is declared
/// `char[256]`: a name must be read up to its NUL, never by copying the whole `struct dirent`
/// (which read past glibc's buffer and crashed `scan DIR` now and then).
@Suite("directory entry names")
struct DirectoryEntryNameTests {
    @Test("a short record that ends right before an unmapped page is read without touching that page")
    func shortRecordAtTheEndOfMappedMemory() async {
        // In a child process: reading past the record faults, and must fail this test, not the run.
        await #expect(processExitsWith: .success) {
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            guard let base = mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), base != MAP_FAILED,
                mprotect(base + page, page, PROT_NONE) == 0,
                let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)
            else { exit(2) }
            // A record for the name "ab", padded to 8 bytes as the kernel does, ending at the guard page.
            let recordLength = (nameOffset + 3 + 7) & ~7
            let record = base + page - recordLength
            record.initializeMemory(as: UInt8.self, repeating: 0, count: recordLength)
            record.storeBytes(of: UInt16(recordLength), toByteOffset: MemoryLayout<dirent>.offset(of: \dirent.d_reclen)!, as: UInt16.self)
            record.storeBytes(of: UInt8(ascii: "a"), toByteOffset: nameOffset, as: UInt8.self)
            record.storeBytes(of: UInt8(ascii: "b"), toByteOffset: nameOffset + 1, as: UInt8.self)
            let name = FileWalker.name(of: UnsafePointer(record.assumingMemoryBound(to: dirent.self)))
            exit(name == "ab" ? 0 : 1)
        }
    }
}
