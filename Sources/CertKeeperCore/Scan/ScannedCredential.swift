import CertKeeperStore
import Foundation

/// A certificate or client secret registered on a synced app or service principal, as a
/// scan reports it (`scan --directory`). Graph lists metadata only: no subject, issuer or
/// serial, and for a secret no thumbprint.
@dynamicMemberLookup
public struct ScannedCredential: Sendable {
    /// What the directory snapshot holds (`tenantID`, `appID`, `keyID`, `kind`, dates, …,
    /// read through as members of the credential).
    public let row: DirectoryCredentialRow
    /// `app:APPID/KEYID` (or `sp:` for a service principal), then the files on this host
    /// that hold the certificate (inventory, and the scanned PATHs).
    public var sources: [String]

    public init(_ row: DirectoryCredentialRow) {
        self.row = row
        sources = [Self.source(row.objectType, appID: row.appID, keyID: row.keyID)] + row.filePaths
    }

    public subscript<Value>(dynamicMember member: KeyPath<DirectoryCredentialRow, Value>) -> Value { row[keyPath: member] }

    /// The app's or service principal's display name (tenant data: escape it).
    public var appName: String { row.objectName }

    /// Profiles whose active certificate this is.
    public var profiles: [String] { row.profileNames }

    /// `app:APPID/KEYID` for an application's credential, `sp:APPID/KEYID` for a service
    /// principal's: the source row.kind the other formats group by.
    public static func source(_ type: DirectoryObjectType, appID: String, keyID: String) -> String {
        "\(type == .application ? "app" : "sp"):\(appID)/\(keyID)"
    }

    /// The directory source (always the first of `sources`).
    public var directorySource: String { sources[0] }

    /// The files among `sources`.
    public var files: [String] { Array(sources.dropFirst()) }

    /// "application", "service principal".
    public var ownerWord: String { row.objectType == .application ? "application" : "service principal" }

    /// "client secret", "certificate".
    public var kindWord: String { isClientSecret ? "client secret" : "certificate" }

    public var isClientSecret: Bool { row.kind == .secret }

    /// The status of this credential at `now`: an object with nothing valid left is
    /// `no_valid_credential`; otherwise the expiry status, and for an application's valid
    /// credential the finding it still is (a client secret; a certificate nobody here holds).
    /// A service principal's password credentials come with its SAML signing certificates
    /// (Entra holds those keys), so they are judged by expiry only.
    public func evaluate(_ policy: ExpiryPolicy, at now: Date) -> ExpiryEvaluation {
        let evaluation = policy.evaluate(notBefore: row.notBefore ?? row.notAfter, notAfter: row.notAfter, at: now)
        let status: ScanStatus
        if policy.evaluate(notBefore: row.objectLatestNotAfter, notAfter: row.objectLatestNotAfter, at: now).status == .expired {
            status = .noValidCredential
        } else if evaluation.status != .ok || row.objectType != .application {
            status = evaluation.status
        } else if row.kind == .secret {
            status = .clientSecret
        } else if sources.count == 1 && profiles.isEmpty {
            status = .unmanagedCertificate
        } else {
            status = .ok
        }
        return ExpiryEvaluation(status: status, daysRemaining: evaluation.daysRemaining, lifetimeElapsedPercent: evaluation.lifetimeElapsedPercent)
    }
}

/// App credentials in a given order, one at a time.
public protocol ScanCredentialSource {
    /// `byObject`: grouped by tenant, object type and display name (then notAfter); else
    /// ascending notAfter.
    func forEachCredential(byObject: Bool, _ body: (ScannedCredential) throws(CoreError) -> Void) throws(CoreError)
}
