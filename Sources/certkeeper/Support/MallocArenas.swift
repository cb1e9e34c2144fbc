import Foundation

/// glibc's allocator gives each thread that allocates its own arena and keeps freed
/// blocks there. A directory sync decodes a page of 999 objects (a megabyte of JSON,
/// several of decoded values) on whichever cooperative thread resumes, so every arena
/// ends up holding a page's worth: measured at 10,000 apps, 66 MiB resident with the
/// default arenas, 58 MiB with one. One arena costs nothing here (the pages are read one
/// after another). Looked up at run time: `mallopt` is glibc's, and no Swift module
/// declares it.
enum MallocArenas {
    /// `M_ARENA_MAX` in <malloc.h>.
    private static let arenaMaxParameter: Int32 = -8

    static func limitToOne() {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(arenaMaxParameter, 1)
    }
}
