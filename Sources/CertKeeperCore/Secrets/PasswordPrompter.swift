import CertKeeperCrypto
import Foundation

/// Asks a person for a password.
public protocol PasswordPrompter: Sendable {
    func askPassword(prompt: String) throws(CoreError) -> Secret
}

/// Reads a password from the controlling terminal with echo off. Never reads stdin when it
/// is not a terminal: piping a password through stdin leaks it into shell history and logs.
public struct TerminalPasswordPrompter: PasswordPrompter {
    public init() {}

    public var isAvailable: Bool {
        let descriptor = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }

    public func askPassword(prompt: String) throws(CoreError) -> Secret {
        let descriptor = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            throw CoreError(
                .secretUnavailable,
                "a password is needed and there is no terminal to ask on: use --password-env NAME or --password-file PATH"
            )
        }
        defer { close(descriptor) }
        var original = termios()
        let isTerminal = tcgetattr(descriptor, &original) == 0
        if isTerminal {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(descriptor, TCSAFLUSH, &silent)
        }
        defer {
            if isTerminal { tcsetattr(descriptor, TCSAFLUSH, &original) }
            _ = "\n".withCString { Foundation.write(descriptor, $0, 1) }
        }
        _ = prompt.withCString { Foundation.write(descriptor, $0, strlen($0)) }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Foundation.read(descriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            if byte != UInt8(ascii: "\r") { bytes.append(byte) }
        }
        let secret = Secret(bytes: bytes)
        for index in bytes.indices { bytes[index] = 0 }
        return secret
    }
}
