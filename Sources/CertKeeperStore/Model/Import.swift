/// What one import pass found in one file.
public struct FileDiscovery: Sendable {
    /// Absolute path, as found (symlinks not resolved: the path is what configurations name).
    public var path: String
    public var format: CertificateFileFormat
    /// SHA-256 thumbprint of the certificate whose private key the file also holds (the leaf
    /// of a PFX, the end-entity certificate of a PEM with a key block); nil without a key.
    public var privateKeyCertificate: String?
    /// The reference the file was opened with, when it needed a password.
    public var passwordReference: String?
    /// The file's identity when read (see `unchangedFiles`); nil when unknown.
    public var stamp: String?
    /// Every certificate in the file (a PEM bundle holds several).
    public var certificates: [CertificateFacts]

    public init(
        path: String, format: CertificateFileFormat, privateKeyCertificate: String?, passwordReference: String?,
        stamp: String?, certificates: [CertificateFacts]
    ) {
        self.path = path
        self.format = format
        self.privateKeyCertificate = privateKeyCertificate
        self.passwordReference = passwordReference
        self.stamp = stamp
        self.certificates = certificates
    }
}

/// A set of files to record in one transaction, with one audit event.
public struct ImportBatch: Sendable {
    public var discoveries: [FileDiscovery]
    /// Files seen again whose stamp had not changed: only their last-seen time is updated.
    public var unchangedPaths: [String]

    public init(discoveries: [FileDiscovery], unchangedPaths: [String] = []) {
        self.discoveries = discoveries
        self.unchangedPaths = unchangedPaths
    }
}

/// What recording a batch changed.
public struct ImportBatchOutcome: Sendable, Hashable {
    /// SHA-256 thumbprints of certificates this batch added to the inventory.
    public var addedThumbprints: Set<String>
    /// SHA-256 thumbprints of certificates in the batch that the inventory already held.
    public var knownThumbprints: Set<String>
    /// File locations recorded for the first time.
    public var newLocations: Int

    public init(addedThumbprints: Set<String> = [], knownThumbprints: Set<String> = [], newLocations: Int = 0) {
        self.addedThumbprints = addedThumbprints
        self.knownThumbprints = knownThumbprints
        self.newLocations = newLocations
    }
}
