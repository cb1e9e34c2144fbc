/// Finds the PEM blocks in a text file so each can be handed to OpenSSL on its own.
///
/// Only the armor lines are looked at here (to know what a file holds and to report a
/// truncated block precisely); the base64 bodies are decoded by OpenSSL.
struct PEMDocument {
    struct Block {
        /// The text between `-----BEGIN ` and `-----`, e.g. `CERTIFICATE`, `PRIVATE KEY`.
        let label: String
        /// The whole block including its armor lines and trailing newline.
        let armored: [UInt8]

        var isCertificate: Bool {
            label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE"
        }
        var isPrivateKey: Bool { label.hasSuffix("PRIVATE KEY") }
        var isEncryptedPrivateKey: Bool {
            label == "ENCRYPTED PRIVATE KEY" || (isPrivateKey && String(decoding: armored, as: UTF8.self).contains("Proc-Type: 4,ENCRYPTED"))
        }
        var isCertificateRequest: Bool { label == "CERTIFICATE REQUEST" || label == "NEW CERTIFICATE REQUEST" }
    }

    let blocks: [Block]

    /// Whether the bytes are PEM text: `-----BEGIN ` near the start (after optional
    /// explanatory text, as `openssl x509 -text` and bundles from some CAs have).
    static func looksLikePEM(_ bytes: [UInt8]) -> Bool {
        let marker = Array("-----BEGIN ".utf8)
        guard bytes.count >= marker.count else { return false }
        // PEM is text; a NUL early on means binary (DER/PFX) whatever follows.
        if bytes.prefix(64).contains(0) { return false }
        return bytes.firstRange(of: marker) != nil
    }

    /// Splits on bytes, not Characters: inventory imports read thousands of PEM files, and
    /// grapheme-by-grapheme splitting was a sixth of their time. Lines end at "\n" (a "\r"
    /// before it, spaces and tabs are trailing whitespace); bodies are copied untouched.
    init(bytes: [UInt8]) throws(CryptoError) {
        let begin = Array("-----BEGIN ".utf8)
        let end = Array("-----END ".utf8)
        let dashes = Array("-----".utf8)
        var blocks: [Block] = []
        var currentLabel: String?
        var armored: [UInt8] = []
        var lineStart = 0
        while lineStart <= bytes.count {
            let newline = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            var lineEnd = newline
            while lineEnd > lineStart, bytes[lineEnd - 1] == 0x20 || bytes[lineEnd - 1] == 0x09 || bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = bytes[lineStart..<lineEnd]
            lineStart = newline + 1
            if let label = currentLabel {
                armored.append(contentsOf: line)
                armored.append(0x0A)
                if line.starts(with: end) {
                    let endLabel =
                        line.count >= end.count + dashes.count
                        ? String(decoding: line.dropFirst(end.count).dropLast(dashes.count), as: UTF8.self) : nil
                    guard line.count >= end.count + dashes.count, line.suffix(dashes.count).elementsEqual(dashes), endLabel == label else {
                        throw CryptoError(.malformedInput, "PEM block \"\(label)\" ends with a mismatched END line")
                    }
                    blocks.append(Block(label: label, armored: armored))
                    currentLabel = nil
                    armored = []
                }
            } else if line.starts(with: begin), line.count >= begin.count + dashes.count, line.suffix(dashes.count).elementsEqual(dashes) {
                currentLabel = String(decoding: line.dropFirst(begin.count).dropLast(dashes.count), as: UTF8.self)
                armored = Array(line) + [0x0A]
            }
        }
        if let currentLabel {
            throw CryptoError(.malformedInput, "truncated PEM: \"BEGIN \(currentLabel)\" has no END line")
        }
        guard !blocks.isEmpty else {
            throw CryptoError(.malformedInput, "no PEM blocks found")
        }
        self.blocks = blocks
    }
}
