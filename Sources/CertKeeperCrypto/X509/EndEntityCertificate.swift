extension X509Certificate {
    /// Which certificate of a set (a PFX without a key, a PEM bundle) is the end-entity one:
    /// the first that is not a CA and issued none of the others; else the first that issued
    /// none; else the first. Files list chains in any order, so position alone says nothing.
    public static func endEntityIndex(in certificates: [X509Certificate]) -> Int? {
        guard !certificates.isEmpty else { return nil }
        let issuesNone: (X509Certificate) -> Bool = { candidate in
            !certificates.contains { $0 != candidate && $0.issuer == candidate.subject }
        }
        return certificates.firstIndex { !$0.isCertificateAuthority && issuesNone($0) }
            ?? certificates.firstIndex(where: issuesNone)
            ?? 0
    }
}
