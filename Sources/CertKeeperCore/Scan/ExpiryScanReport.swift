import Foundation

/// Certificates from a source that can list them in ascending notAfter order, one at a time
/// (the inventory: 100,000 rows are streamed, never held in memory).
public protocol ScanCertificateSource {
    func forEachCertificate(_ body: (ScannedCertificate) throws(CoreError) -> Void) throws(CoreError)
}

/// The result of a scan, as a sequence that renderers walk (as many times as their format
/// needs): certificates in ascending notAfter order, then the synced apps' credentials in
/// ascending notAfter order, then the sources that could not be read.
///
/// Files found on disk are merged into the inventory's stream; a certificate present in
/// both is reported once, with all its sources. An app's certificate that a scanned file
/// holds names that file among its sources.
public final class ExpiryScanReport {
    public let now: Date
    public let policy: ExpiryPolicy
    public let failOn: FailOn
    private let files: [ScannedCertificate]
    private let unreadable: [UnreadableSource]
    /// The findings `--warn-on` counts as warnings.
    public let warnOn: Set<ScanStatus>
    private let inventory: (any ScanCertificateSource)?
    private let directory: (any ScanCredentialSource)?
    private var completedSummary: ScanSummary?

    public init(
        now: Date, policy: ExpiryPolicy, failOn: FailOn, warnOn: Set<ScanStatus> = [],
        files: PathScanner.Result = PathScanner.Result(),
        inventory: (any ScanCertificateSource)? = nil,
        directory: (any ScanCredentialSource)? = nil
    ) {
        self.now = now
        self.policy = policy
        self.failOn = failOn
        self.warnOn = warnOn
        self.files = files.certificates.sorted { $0.notAfter < $1.notAfter }
        self.unreadable = files.unreadable
        self.inventory = inventory
        self.directory = directory
    }

    /// Whether the synced directory is one of the sources.
    public var includesDirectory: Bool { directory != nil }

    /// Whether an entry with `status` fails the run (`--fail-on`, with `--warn-on`).
    public func fails(_ status: ScanStatus) -> Bool { failOn.fails(status, warnOn: warnOn) }

    /// Walks every entry in report order.
    public func forEach(_ body: (ScanEntry) throws(CoreError) -> Void) throws(CoreError) {
        var summary = ScanSummary(warnOn: warnOn)
        func emit(_ certificate: ScannedCertificate) throws(CoreError) {
            let evaluation = policy.evaluate(notBefore: certificate.notBefore, notAfter: certificate.notAfter, at: now)
            summary.add(evaluation.status)
            try body(.certificate(certificate, evaluation))
        }
        var next = 0
        var merged = Set<Int>()
        let fileIndex = Dictionary(files.enumerated().map { ($0.element.sha256Thumbprint, $0.offset) }) { first, _ in first }
        try inventory?.forEachCertificate { (stored) throws(CoreError) in
            while next < files.count, files[next].notAfter < stored.notAfter {
                if !merged.contains(next) { try emit(files[next]) }
                next += 1
            }
            var combined = stored
            if !files.isEmpty, let index = fileIndex[stored.sha256Thumbprint], !merged.contains(index) {
                merged.insert(index)
                combined.sources += files[index].sources.filter { !combined.sources.contains($0) }
            }
            try emit(combined)
        }
        for index in next..<files.count where !merged.contains(index) { try emit(files[index]) }
        try forEachCredential(byObject: false) { (credential, evaluation) throws(CoreError) in
            summary.add(evaluation.status, clientSecret: credential.isClientSecret)
            try body(.credential(credential, evaluation))
        }
        for source in unreadable {
            summary.add(.error)
            try body(.unreadable(source))
        }
        completedSummary = summary
    }

    /// The synced apps' credentials, judged (`byObject`: grouped by app, for the HTML report).
    public func forEachCredential(
        byObject: Bool, _ body: (ScannedCredential, ExpiryEvaluation) throws(CoreError) -> Void
    ) throws(CoreError) {
        guard let directory else { return }
        // Files scanned here hold certificates by SHA-1 too: built once per walk, only for PATHs.
        let filesBySHA1 = Dictionary(files.map { ($0.sha1Thumbprint, $0.sources) }) { first, _ in first }
        try directory.forEachCredential(byObject: byObject) { (stored) throws(CoreError) in
            var credential = stored
            if let sha1 = credential.sha1Thumbprint, let found = filesBySHA1[sha1] {
                credential.sources += found.filter { !credential.sources.contains($0) }
            }
            try body(credential, credential.evaluate(policy, at: now))
        }
    }

    /// Counts per status. Free after a complete `forEach`; otherwise it walks the entries once.
    public func summary() throws(CoreError) -> ScanSummary {
        if let completedSummary { return completedSummary }
        try forEach { _ in }
        return completedSummary ?? ScanSummary(warnOn: warnOn)
    }

    public func exitCode() throws(CoreError) -> Int32 { try summary().exitCode(failOn: failOn) }
}
