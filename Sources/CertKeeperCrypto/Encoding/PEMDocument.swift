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

    init(bytes: [UInt8]) throws(CryptoError) {
        let text = String(decoding: bytes, as: UTF8.self)
        var blocks: [Block] = []
        var currentLabel: String?
        var currentLines: [Substring] = []
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let trimmed = line.trimmingTrailingWhitespace
            if let label = currentLabel {
                currentLines.append(trimmed)
                if trimmed.hasPrefix("-----END ") {
                    let endLabel = trimmed.dropFirst("-----END ".count).dropLast(5)
                    guard trimmed.hasSuffix("-----"), endLabel == label else {
                        throw CryptoError(.malformedInput, "PEM block \"\(label)\" ends with a mismatched END line")
                    }
                    let armored = currentLines.joined(separator: "\n") + "\n"
                    blocks.append(Block(label: label, armored: Array(armored.utf8)))
                    currentLabel = nil
                    currentLines = []
                }
            } else if trimmed.hasPrefix("-----BEGIN "), trimmed.hasSuffix("-----") {
                currentLabel = String(trimmed.dropFirst("-----BEGIN ".count).dropLast(5))
                currentLines = [trimmed]
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

extension Substring {
    fileprivate var trimmingTrailingWhitespace: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
        return result
    }
}
