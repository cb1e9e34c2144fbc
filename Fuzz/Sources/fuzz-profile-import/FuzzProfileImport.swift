import CertKeeperStore
import Foundation

@testable import CertKeeperCore

/// `profile import` files (certkeeper JSON, entratool profiles.json): decoded, turned into
/// profile settings with every check `profile import` makes, and exported in each format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfileImport(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let file = try? JSONDecoder().decode(ProfileImportFile.self, from: Data(bytes)) else { return 0 }
    for entry in file.entries {
        let draft: ProfileDraft
        switch entry {
        case .certkeeper(let document):
            guard let made = try? document.draft else { continue }
            draft = made
        case .entratool(let profile):
            _ = profile.usesCertificate
            draft = ProfileDraft(
                name: profile.name, tenantID: profile.tenantId, clientID: profile.clientId,
                scope: profile.scopes.first { $0.hasSuffix("/.default") }, certificatePath: profile.certificatePath, passwordReference: nil
            )
        }
        guard let settings = try? draft.newSettings() else { continue }
        let profile = StoredProfile(id: 1, settings: settings, certificate: nil, createdAt: epoch, updatedAt: epoch)
        for format in ProfileExport.Format.allCases { _ = try? ProfileExport.render(profile, as: format) }
    }
    return 0
}

private let epoch = Date(timeIntervalSince1970: 1_800_000_000)
