internal import CCurl

/// libcurl's process-wide set-up, done once before the first handle (a lazy global is
/// initialised exactly once, thread-safely), and what libcurl was built with.
enum CurlLibrary {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    /// Whether handles may be created.
    static func ensureInitialized() -> Bool { initialized }

    /// The CA bundle libcurl was configured with (Debian: /etc/ssl/certs/ca-certificates.crt).
    static var defaultCABundlePath: String? {
        // CURLVERSION_NOW is a macro naming the newest struct; the tenth (7.77) has cainfo.
        guard let info = curl_version_info(CURLVERSION_TENTH), let cainfo = info.pointee.cainfo else { return nil }
        return String(cString: cainfo)
    }

    /// `libcurl/7.88.1 OpenSSL/3.0.19 …`, for --verbose.
    static var version: String { String(cString: curl_version()) }
}
