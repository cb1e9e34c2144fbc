import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

/// How the process ends. Errors are printed with control characters escaped: a certificate
/// subject, a file name or a server message quoted in an error cannot move the cursor or
/// start a forged `::error`/`##vso[` line in a CI log. And data that could not be written to
/// stdout (a full disk, /dev/full, a closed pipe) fails the command instead of exiting 0.
enum ProcessEnd {
    static func fail(_ error: any Error) -> Never {
        let code = CertKeeperCommand.exitCode(for: error)
        // --help and --version: printed exactly as ArgumentParser prints them.
        if code == .success { CertKeeperCommand.exit(withError: error) }
        _ = flushStandardOutput()
        let message = CertKeeperCommand.fullMessage(for: error)
        if !message.isEmpty { FileHandle.standardError.write(Data((escaped(message, keepingLines: !isOwn(error)) + "\n").utf8)) }
        exit(code.rawValue)
    }

    static func succeed() -> Never {
        if let code = flushStandardOutput() {
            FileHandle.standardError.write(Data("Error: could not write to standard output: \(String(cString: strerror(code)))\n".utf8))
            exit(1)
        }
        exit(0)
    }

    /// Flushes `print`'s buffer; the errno of a failed write (now or earlier: stdio keeps an
    /// error flag), nil when everything went out.
    static func flushStandardOutput() -> Int32? {
        errno = 0
        let flushed = fflush(nil) == 0
        let code = errno
        if !flushed { return code == 0 ? EIO : code }
        if let stream = standardOutputStream, ferror(stream) != 0 { return code == 0 ? EIO : code }
        return nil
    }

    /// C's `stdout`, looked up by symbol: naming the global directly is refused in Swift 6
    /// mode (shared mutable state), and only its error flag is read here.
    private static var standardOutputStream: UnsafeMutablePointer<FILE>? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout") else { return nil }
        return symbol.load(as: UnsafeMutablePointer<FILE>?.self)
    }

    /// certkeeper's own errors are one line: every control character is escaped, newlines
    /// included. ArgumentParser's usage errors keep their lines (the usage block).
    static func isOwn(_ error: any Error) -> Bool {
        error is CoreError || error is CryptoError || error is StoreError || error is EntraError || error is BaseError
    }

    static func escaped(_ message: String, keepingLines: Bool) -> String {
        guard keepingLines else { return TerminalText.escaped(message) }
        return message.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.escaped(String($0)) }.joined(separator: "\n")
    }
}
