extension IndependentTools {
    /// A two-level chain made by the openssl CLI in `directory`: `ca.pem`/`ca.key` (a
    /// self-signed CA, CA:TRUE by `req -x509`'s default, `caDays` days) and `leaf.pem`/
    /// `leaf.key` (CN=`leafName`, signed by the CA, `leafDays` days). EC P-256 keys.
    public static func makeChain(
        in directory: TemporaryDirectory, caName: String = "Test CA", leafName: String = "leaf", caDays: Int = 30, leafDays: Int = 10
    ) throws {
        for arguments in [
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", directory.file("ca.key"),
                "-out", directory.file("ca.pem"), "-subj", "/CN=\(caName)", "-days", String(caDays),
            ],
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", directory.file("leaf.key"),
                "-out", directory.file("leaf.csr"), "-subj", "/CN=\(leafName)",
            ],
            [
                "x509", "-req", "-in", directory.file("leaf.csr"), "-CA", directory.file("ca.pem"), "-CAkey", directory.file("ca.key"),
                "-out", directory.file("leaf.pem"), "-days", String(leafDays),
            ],
        ] {
            let output = try openssl(arguments)
            guard output.status == 0 else { throw TestSupportError("openssl \(arguments[0]) failed: \(output)") }
        }
    }
}
