/// A data-plane request, parsed from method and path. Names are checked here: Key Vault
/// object names are 1–127 letters, digits and hyphens.
enum VaultRoute: Equatable {
    case listCertificates
    case importCertificate(name: String)
    case certificateVersions(name: String)
    /// `version` nil: the newest version.
    case getCertificate(name: String, version: String?)
    case updateCertificate(name: String, version: String?)
    case listSecrets
    case getSecret(name: String, version: String?)
    case secretVersions(name: String)
    case setSecret(name: String)

    init(method: String, path: String) throws(VaultError) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map { String($0).removingPercentEncoding ?? String($0) }
        guard let collection = segments.first, segments.count <= 3 else { throw .notFound(path) }
        let name = segments.count > 1 ? segments[1] : nil
        let last = segments.count > 2 ? segments[2] : nil
        if let name, !Vault.isValidObjectName(name) { throw .invalidName(name) }
        switch (collection, name, last, method) {
        case ("certificates", nil, nil, "GET"): self = .listCertificates
        case ("certificates", let name?, "import", "POST"): self = .importCertificate(name: name)
        case ("certificates", let name?, "versions", "GET"): self = .certificateVersions(name: name)
        case ("certificates", let name?, let version, "GET"): self = .getCertificate(name: name, version: version)
        case ("certificates", let name?, let version, "PATCH"): self = .updateCertificate(name: name, version: version)
        case ("secrets", nil, nil, "GET"): self = .listSecrets
        case ("secrets", let name?, "versions", "GET"): self = .secretVersions(name: name)
        case ("secrets", let name?, let version, "GET"): self = .getSecret(name: name, version: version)
        case ("secrets", let name?, nil, "PUT"): self = .setSecret(name: name)
        case ("certificates", _, _, _), ("secrets", _, _, _): throw .methodNotAllowed(method)
        default: throw .notFound(path)
        }
    }

    /// The RBAC data action the request needs.
    var action: VaultAction {
        switch self {
        case .listCertificates, .certificateVersions, .getCertificate: .certificatesRead
        case .importCertificate: .certificatesImport
        case .updateCertificate: .certificatesUpdate
        case .getSecret: .secretsGet
        case .secretVersions, .listSecrets: .secretsReadMetadata
        case .setSecret: .secretsSet
        }
    }

    /// The resource named in a 403, below the vault.
    var resourcePath: String {
        switch self {
        case .listCertificates: "/certificates"
        case .listSecrets: "/secrets"
        case .importCertificate(let name), .certificateVersions(let name), .getCertificate(let name, _), .updateCertificate(let name, _):
            "/certificates/\(name)"
        case .getSecret(let name, _), .secretVersions(let name), .setSecret(let name): "/secrets/\(name)"
        }
    }
}
