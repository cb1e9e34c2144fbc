import Foundation

/// Certificates from a source that can list them in ascending notAfter order, one at a time
/// (the inventory: 100,000 rows are streamed, never held in memory).
public protocol ScanCertificateSource {
    func forEachCertificate(_ body: (ScannedCertificate) throws(CoreError) -> Void) throws(CoreError)
}

/// The result of a scan, as a sequence that renderers walk (as many times as their format
/// needs): certificates in ascending notAfter order, then the sources that could not be read.
///
/// Files found on disk are merged into the inventory's stream; a certificate present in
/// both is reported once, with all its sources.
public final class ExpiryScanReport {
    public let now: Date
    public let policy: ExpiryPolicy
    public let failOn: FailOn
    private let files: [ScannedCertificate]
    private let unreadable: [UnreadableSource]
    private let inventory: (any ScanCertificateSource)?
    private var completedSummary: ScanSummary?

    public init(
        now: Date, policy: ExpiryPolicy, failOn: FailOn,
        files: PathScanner.Result = PathScanner.Result(),
        inventory: (any ScanCertificateSource)? = nil
    ) {
        self.now = now
        self.policy = policy
        self.failOn = failOn
        self.files = files.certificates.sorted { $0.notAfter < $1.notAfter }
        self.unreadable = files.unreadable
        self.inventory = inventory
    }

    /// Walks every entry in report order.
    public func forEach(_ body: (ScanEntry) throws(CoreError) -> Void) throws(CoreError) {
        var summary = ScanSummary()
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
        for source in unreadable {
            summary.add(.error)
            try body(.unreadable(source))
        }
        completedSummary = summary
    }

    /// Counts per status. Free after a complete `forEach`; otherwise it walks the entries once.
    public func summary() throws(CoreError) -> ScanSummary {
        if let completedSummary { return completedSummary }
        try forEach { _ in }
        return completedSummary ?? ScanSummary()
    }

    public func exitCode() throws(CoreError) -> Int32 { try summary().exitCode(failOn: failOn) }
}
