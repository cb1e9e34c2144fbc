import CertKeeperBase
import CertKeeperCrypto
import CertKeeperStore
import Dispatch
import Foundation
import Synchronization

/// `inventory import`: finds certificate files, reads them on all cores, and records them in
/// the inventory in batches (one transaction each, so concurrent imports interleave rather
/// than wait for each other's whole run).
public struct InventoryImporter: Sendable {
    public struct Request: Sendable {
        public var paths: [String]
        public var recursive: Bool
        /// The password for PFX files (resolved only if a PFX needs it).
        public var passwordReference: SecretReference?

        public init(paths: [String], recursive: Bool, passwordReference: SecretReference?) {
            self.paths = paths
            self.recursive = recursive
            self.passwordReference = passwordReference
        }
    }

    /// How far an import has got, for a progress display.
    public struct Progress: Sendable {
        public let filesDone: Int
        public let filesTotal: Int
    }

    let store: any InventoryStore
    let environment: [String: String]
    /// Files per transaction: large enough to amortise the commit, small enough that four
    /// importers never wait long for the write lock.
    let batchSize: Int

    public init(store: any InventoryStore, environment: [String: String] = ProcessInfo.processInfo.environment, batchSize: Int = 256) {
        self.store = store
        self.environment = environment
        self.batchSize = max(1, batchSize)
    }

    public func run(
        _ request: Request,
        progress: (Progress) -> Void = { _ in },
        skipped report: (ImportSkip) -> Void = { _ in }
    ) throws(CoreError) -> ImportSummary {
        let walk = FileWalker(recursive: request.recursive).walk(request.paths)
        var summary = ImportSummary(filesFound: walk.files.count + walk.skipped.count)
        for skip in walk.skipped {
            summary.skipped.append(skip)
            report(skip)
        }
        let password = request.passwordReference.map {
            LazySecret(reference: $0, purpose: "the PFX files being imported", environment: environment)
        }
        let reader = CertificateFileReader(password: password)
        let batches = stride(from: 0, to: walk.files.count, by: batchSize).map {
            Array(walk.files[$0..<min($0 + batchSize, walk.files.count)])
        }
        // A pipeline: the next batch is read on the worker threads while this one is written
        // (the write is one thread's work, so a core would otherwise idle during it).
        var done = 0
        var next: Result<PreparedBatch, CoreError>? = batches.first.map { batch in
            Result { () throws(CoreError) in try prepare(batch, reader: reader) }
        }
        for index in batches.indices {
            guard let current = next else { break }
            let following = Mutex<Result<PreparedBatch, CoreError>?>(nil)
            let group = DispatchGroup()
            if index + 1 < batches.count {
                let batch = batches[index + 1]
                DispatchQueue.global().async(group: group) {
                    let result = Result { () throws(CoreError) in try prepare(batch, reader: reader) }
                    following.withLock { $0 = result }
                }
            }
            let recorded = Result { () throws(CoreError) in try record(try current.get(), into: &summary, report: report) }
            group.wait()
            do { try recorded.get() } catch {
                throw Self.interrupted(error, summary: summary, total: walk.files.count)
            }
            next = following.withLock { $0 }
            done += batches[index].count
            progress(Progress(filesDone: done, filesTotal: walk.files.count))
        }
        return summary
    }

    /// Each batch is its own transaction, so a failure part-way (a full disk) leaves the
    /// batches before it recorded: say exactly how much, and how to finish.
    static func interrupted(_ error: CoreError, summary: ImportSummary, total: Int) -> CoreError {
        let recorded = summary.filesRead + summary.filesUnchanged
        guard recorded > 0 else {
            return CoreError(error.code, "\(error.description); nothing was recorded")
        }
        return CoreError(
            error.code,
            "\(error.description); \(recorded) of \(total) files were recorded (\(summary.newCount) new certificate\(summary.newCount == 1 ? "" : "s")) before it failed, the rest was not: fix the cause and run the same import again to finish (recorded files are not read again)"
        )
    }

    /// A batch read and ready to record: files known and unchanged, and what the others hold.
    struct PreparedBatch: Sendable {
        let unchanged: [String: [String]]
        let outcomes: [CertificateFileReader.Outcome]
    }

    private func prepare(_ batch: [ImportCandidate], reader: CertificateFileReader) throws(CoreError) -> PreparedBatch {
        let stamps = Dictionary(batch.map { ($0.path, $0.stamp) }, uniquingKeysWith: { first, _ in first })
        let unchanged = try inventoryCall { () throws(StoreError) in try store.unchangedFiles(stamps) }
        let toRead = batch.filter { unchanged[$0.path] == nil }.map(\.path)
        return PreparedBatch(unchanged: unchanged, outcomes: ParallelMap.map(toRead, reader.read))
    }

    private func record(_ batch: PreparedBatch, into summary: inout ImportSummary, report: (ImportSkip) -> Void) throws(CoreError) {
        for thumbprints in batch.unchanged.values { summary.known.formUnion(thumbprints) }
        var discoveries: [FileDiscovery] = []
        for outcome in batch.outcomes {
            switch outcome {
            case .read(let discovery):
                discoveries.append(discovery)
            case .skipped(let skip):
                summary.skipped.append(skip)
                report(skip)
            case .ignored(let skip):
                summary.ignored.append(skip)
            }
        }
        let outcome = try inventoryCall { () throws(StoreError) in
            try store.recordImport(ImportBatch(discoveries: discoveries, unchangedPaths: batch.unchanged.keys.sorted()))
        }
        summary.added.formUnion(outcome.addedThumbprints)
        summary.known.formUnion(outcome.knownThumbprints)
        summary.filesRead += discoveries.count
        summary.filesUnchanged += batch.unchanged.count
    }
}

/// What an import did. Certificates are counted once each, however many files hold them.
public struct ImportSummary: Sendable {
    /// Files and other entries the walk found (skipped ones included).
    public var filesFound: Int
    public var filesRead = 0
    /// Files known from an earlier import and unchanged since: not read again.
    public var filesUnchanged = 0
    /// SHA-256 thumbprints this import added to the inventory.
    public var added: Set<String> = []
    /// SHA-256 thumbprints found that the inventory already held.
    public var known: Set<String> = []
    public var skipped: [ImportSkip] = []
    /// Keys, requests and public keys found along the way: not certificates, not errors.
    public var ignored: [ImportSkip] = []

    public init(filesFound: Int) { self.filesFound = filesFound }

    public var newCount: Int { added.count }
    /// A certificate added by this run and seen again later in it is new, not known.
    public var knownCount: Int { known.subtracting(added).count }
    public var skippedCount: Int { skipped.count }

    /// `imported N new, M known, K skipped`.
    public var line: String { "imported \(newCount) new, \(knownCount) known, \(skippedCount) skipped" }
}
