/// Every certificate's file paths, read in one pass in (certificate_id, path) order and
/// packed into three flat arrays (both stores fill it the same way).
///
/// Certificates arrive in expiry order, so looking their files up with a join jumps around
/// that index: one B-tree descent per certificate, most of a scan's time. Packed, 100,000
/// paths take a few MiB and each lookup is a binary search.
struct FilePathTable {
    /// Sorted (the index order).
    private var ids: [Int64] = []
    /// Where each path ends in `bytes`.
    private var ends: [Int] = []
    private var bytes: [UInt8] = []

    init() {}

    /// The next path; ids must come in ascending order (the lookup is a binary search).
    mutating func append(id: Int64, path: UnsafeBufferPointer<UInt8>) {
        ids.append(id)
        bytes.append(contentsOf: path)
        ends.append(bytes.count)
    }

    func paths(of id: Int64) -> [String] {
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        var paths: [String] = []
        var index = low
        while index < ids.count, ids[index] == id {
            let range = (index == 0 ? 0 : ends[index - 1])..<ends[index]
            paths.append(bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) })
            index += 1
        }
        return paths
    }
}
