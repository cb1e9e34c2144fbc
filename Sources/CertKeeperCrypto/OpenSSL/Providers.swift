internal import COpenSSL

/// Loads OpenSSL's `default` and `legacy` providers once per process.
///
/// Windows and older OpenSSL exports protect PFX certificate bags with RC2-40, which OpenSSL 3
/// only decrypts with the `legacy` provider. Loading `legacy` on its own stops the implicit
/// `default` provider from loading (AES would then fail), so both are loaded explicitly.
/// `legacy` may be absent on a minimal install; reading RC2-40 files then reports that.
enum OpenSSLProviders {
    private final class Loaded: @unchecked Sendable {
        // Written once during the lazy global's initialisation, read-only afterwards.
        let legacyAvailable: Bool
        init() {
            OPENSSL_init_crypto(UInt64(OPENSSL_INIT_LOAD_CRYPTO_STRINGS), nil)
            _ = OSSL_PROVIDER_load(nil, "default")
            legacyAvailable = OSSL_PROVIDER_load(nil, "legacy") != nil
            ERR_clear_error()
        }
    }

    private static let loaded = Loaded()

    /// Touch before any OpenSSL work. Cheap after the first call.
    static func ensureLoaded() { _ = loaded }

    static var legacyAvailable: Bool { loaded.legacyAvailable }
}
