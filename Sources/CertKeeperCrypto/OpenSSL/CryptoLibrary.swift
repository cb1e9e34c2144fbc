/// OpenSSL's process-wide set-up, for an executable's `main` to call before anything else.
/// Whoever initialises OpenSSL first decides whether it frees its state at exit (see
/// `OpenSSLProviders`); libcurl (`curl_global_init`) and libpq (a TLS connection) link the
/// same libcrypto and would otherwise get there first in commands that open the inventory
/// or a transport before reading a certificate.
public enum CryptoLibrary {
    public static func initialize() { OpenSSLProviders.ensureLoaded() }
}
