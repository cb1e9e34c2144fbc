import CertKeeperCore

/// The band of the timeline a certificate is drawn in, derived from where it was found.
///
/// Grouping reads only the source strings, so a source kind added later (directory apps,
/// `app:…`) gets its own band without a change here:
/// - a certificate a profile uses: `profiles` (what operators rotate);
/// - otherwise its first source other than `inventory`: an absolute path groups under
///   `files`; `scheme:rest` groups under `scheme`; any other text under itself;
/// - otherwise `inventory`.
struct TimelineGroup: Hashable, Comparable {
    enum Kind: Int, Comparable {
        case profiles, directory, inventory, files

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    let kind: Kind
    /// The scheme or source text for `.directory`; empty otherwise.
    let name: String

    static func of(_ certificate: ScannedCertificate) -> TimelineGroup {
        if !certificate.profiles.isEmpty { return TimelineGroup(kind: .profiles, name: "") }
        guard let source = certificate.sources.first(where: { $0 != ScannedCertificate.inventorySource }) else {
            return TimelineGroup(kind: .inventory, name: "")
        }
        if source.hasPrefix("/") { return TimelineGroup(kind: .files, name: "") }
        return TimelineGroup(kind: .directory, name: scheme(of: source) ?? source)
    }

    /// `app` in `app:contoso/1234`: letters, digits, `+ - .` before the first colon (RFC 3986).
    private static func scheme(of source: String) -> String? {
        guard let colon = source.firstIndex(of: ":"), colon != source.startIndex else { return nil }
        let scheme = source[..<colon]
        guard scheme.first?.isLetter == true,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return String(scheme)
    }

    static func < (lhs: TimelineGroup, rhs: TimelineGroup) -> Bool {
        lhs.kind != rhs.kind ? lhs.kind < rhs.kind : lhs.name < rhs.name
    }

    /// The heading, without counts: "Profiles", "Files under /srv/certs", "app", "Inventory".
    func title(commonDirectory: String?) -> String {
        switch kind {
        case .profiles: "Profiles (active certificates)"
        case .directory: name
        case .inventory: "Inventory"
        case .files: commonDirectory.map { "Files under \($0)" } ?? "Files"
        }
    }
}

/// The directory every path of a group sits in, narrowed as paths arrive (one pass, no list).
struct CommonDirectory {
    private(set) var path: String?

    mutating func add(_ file: String) {
        let directory = Self.parent(of: file)
        guard let current = path else {
            path = directory
            return
        }
        guard directory != current, !directory.hasPrefix(current == "/" ? current : current + "/") else { return }
        var shared: [Substring] = []
        for (mine, theirs) in zip(current.split(separator: "/"), directory.split(separator: "/")) {
            guard mine == theirs else { break }
            shared.append(mine)
        }
        path = "/" + shared.joined(separator: "/")
    }

    private static func parent(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/"), slash != file.startIndex else { return "/" }
        return String(file[..<slash])
    }
}
