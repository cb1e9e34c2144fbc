/// The `scope` of a client credentials request: exactly one resource + `/.default`.
struct ScopeRequest {
    static let graphResource = "https://graph.microsoft.com"
    static let graphAppID = "00000003-0000-0000-c000-000000000000"
    /// OIDC scopes some clients add; they name no resource.
    private static let reserved: Set<String> = ["openid", "profile", "offline_access", "email"]

    /// The token's `aud`: the resource, with Graph's app id spelled as its URL.
    let audience: String

    init(parsing scope: String) throws(AADSTSRefusal) {
        let scopes = scope.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            .filter { !Self.reserved.contains($0.lowercased()) }
        guard !scopes.isEmpty else {
            throw .invalidScope("The scope '\(scope)' names no resource: use RESOURCE/.default.")
        }
        let resources = Set(scopes.map(Self.resource(of:)))
        guard resources.count == 1, let only = scopes.first else { throw .multipleResources(scope) }
        guard only.hasSuffix("/.default"), scopes.count == 1 else {
            throw .invalidScope(
                "The scope \(scope) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
        }
        let resource = String(only.dropLast("/.default".count))
        guard !resource.isEmpty else { throw .invalidScope("The scope \(scope) has no resource before /.default.") }
        audience = resource.lowercased() == Self.graphAppID ? Self.graphResource : resource
    }

    private static func resource(of scope: String) -> String {
        if scope.hasPrefix("https://") || scope.hasPrefix("http://") || scope.hasPrefix("api://"),
            let slash = scope.dropFirst(scope.hasPrefix("api://") ? 6 : 8).firstIndex(of: "/")
        {
            return String(scope[..<slash])
        }
        return scope.split(separator: "/", maxSplits: 1).first.map(String.init) ?? scope
    }
}
