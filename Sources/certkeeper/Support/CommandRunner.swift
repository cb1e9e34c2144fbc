import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto
import Foundation
import Logging

/// The one way every command reports a failure. The OpenSSL detail underneath is logged at
/// debug level (`--verbose`); a refusal from the identity platform prints its diagnosis
/// (codes, cause, what to do, certificate, trace and correlation ids) and exits 1; anything
/// else reaches ArgumentParser, which prints its one-line description and exits 1 (or 64
/// for a usage error).
enum CommandRunner {
    static func run<Result>(_ logger: Logger, _ body: () throws -> Result) throws -> Result {
        do { return try body() } catch { throw report(error, logger) }
    }

    static func run<Result>(_ logger: Logger, _ body: () async throws -> Result) async throws -> Result {
        do { return try await body() } catch { throw report(error, logger) }
    }

    /// Logs what only `--verbose` shows and prints a diagnosis when there is one; returns
    /// the error for ArgumentParser (ExitCode.failure once the diagnosis is printed).
    private static func report(_ error: any Error, _ logger: Logger) -> any Error {
        switch error {
        case let error as CoreError:
            if let detail = error.underlying?.openSSLDetail, !detail.isEmpty { logger.debug("OpenSSL: \(detail)") }
            guard let failure = error.tokenFailure, failure.diagnosis != nil else { return error }
            var lines = TokenFailureReport.lines(for: failure)
            // A workflow (rotation, renewal) says what it was doing; its line leads.
            if !lines.isEmpty, error.description != failure.description { lines[0] = "Error: \(error.description)" }
            for line in lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            return ExitCode.failure
        case let error as CryptoError:
            if !error.openSSLDetail.isEmpty { logger.debug("OpenSSL: \(error.openSSLDetail)") }
            return error
        default:
            return error
        }
    }
}
