import CertKeeperBase
import Foundation

/// User-facing lines on stderr (warnings, progress): never mixed into data on stdout.
enum Diagnostics {
    /// Warnings quote paths and certificate text: control characters are shown escaped.
    static func warn(_ message: String) {
        write("warning: \(TerminalText.escaped(message))\n")
    }

    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// A one-line progress display on stderr, shown only when stderr is a terminal (so logs and
/// CI output never fill with carriage returns).
struct ProgressLine {
    let enabled = Diagnostics.stderrIsTerminal
    private var shown = false

    mutating func update(_ text: String) {
        guard enabled else { return }
        Diagnostics.write("\r\(text)\u{1B}[K")
        shown = true
    }

    mutating func clear() {
        guard enabled, shown else { return }
        Diagnostics.write("\r\u{1B}[K")
        shown = false
    }
}
