import CertKeeperCore
import CertKeeperCrypto
import Logging

/// Runs a command body, logging the OpenSSL detail of a failure at debug level before the
/// error reaches ArgumentParser (which prints its one-line description and exits 1).
enum CommandRunner {
    static func run<Result>(_ logger: Logger, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as CoreError {
            if let detail = error.underlying?.openSSLDetail, !detail.isEmpty {
                logger.debug("OpenSSL: \(detail)")
            }
            throw error
        } catch let error as CryptoError {
            if !error.openSSLDetail.isEmpty { logger.debug("OpenSSL: \(error.openSSLDetail)") }
            throw error
        }
    }
}
