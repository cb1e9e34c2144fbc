import CertKeeperBase
import Foundation

/// Where a rotation keeps the certificates it creates: `keys/profile-<id>/` in the home
/// (0700), one PFX (0600, encrypted), `.cer` and keyCredential JSON per revision. The paths
/// are fixed by profile and revision, so a rotation resumed after a crash finds what an
/// interrupted staging already wrote instead of generating a second key.
struct ManagedKeyFiles {
    let directory: String
    let revision: Int

    init(home: CertKeeperHome, profileID: Int64, revision: Int) {
        directory = (home.keysDirectory as NSString).appendingPathComponent("profile-\(profileID)")
        self.revision = revision
    }

    var pfxPath: String { file("pfx") }
    var cerPath: String { file("cer") }
    var keyCredentialPath: String { file("keycredential.json") }

    private func file(_ suffix: String) -> String {
        (directory as NSString).appendingPathComponent("revision-\(revision).\(suffix)")
    }

    /// Creates the directory (and the home's `keys/`) with mode 0700.
    func prepare(home: CertKeeperHome) throws(CoreError) {
        try home.prepare()
        if mkdir(directory, 0o700) == 0 {
            chmod(directory, 0o700)
        } else if errno != EEXIST {
            throw CoreError(FileReader.error(errno: errno, path: directory, action: "create"))
        }
    }
}
