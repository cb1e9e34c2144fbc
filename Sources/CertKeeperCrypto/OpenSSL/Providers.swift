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
            // NO_ATEXIT: OpenSSL's exit handler (OPENSSL_cleanup) frees its global state while
            // other threads may still use it: an emulator task releasing its SSL_CTX during
            // exit crashed in OSSL_LIB_CTX_free once that state was really freed. The kernel
            // reclaims it anyway. The handler also skipped the `legacy` provider held here,
            // leaving 6.5 KB that LeakSanitizer reported in every process; now it all stays
            // reachable.
            OPENSSL_init_crypto(UInt64(OPENSSL_INIT_LOAD_CRYPTO_STRINGS | OPENSSL_INIT_NO_ATEXIT), nil)
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
