import CertKeeperBase
import CertKeeperCrypto

extension CertificateConverter {
    /// `convert pfx-to-cer`: the PFX's leaf certificate alone, DER (or PEM).
    public func pfxToCER(
        _ inputPath: String, password: () throws(CoreError) -> Secret?, to outputPath: String, pem: Bool
    ) throws(CoreError) -> X509Certificate {
        try CoreError.lifting(try writer.checkWritable([outputPath]))
        let listing = try PFXFiles.readCertificates(inputPath, password: password)
        guard let leaf = listing.leaf else { throw CoreError(.invalidInput, "\(inputPath) is a PFX that holds no certificate") }
        try CoreError.lifting(try writer.write(pem ? Array(leaf.pem.utf8) : leaf.der, to: outputPath, mode: .publicFile))
        return leaf
    }

    /// `convert der-to-pem`: one DER certificate as PEM; the certificate bytes are unchanged.
    public func derToPEM(_ inputPath: String, to outputPath: String) throws(CoreError) -> X509Certificate {
        try CoreError.lifting(try writer.checkWritable([outputPath]))
        let bytes = try CoreError.lifting(try FileReader.read(inputPath))
        switch EncodedFormat.detect(bytes) {
        case .pem:
            throw CoreError(.invalidInput, "\(inputPath) is already PEM: use `certkeeper convert pem-to-der` for the other direction")
        case .pkcs12:
            throw CoreError(.invalidInput, "\(inputPath) is a PFX (PKCS#12) file, not a DER certificate: use `certkeeper convert pfx-to-cer --pem`")
        case .der, nil:
            break
        }
        let certificate: X509Certificate
        do { certificate = try X509Certificate(der: bytes) } catch { throw error.about(inputPath) }
        try CoreError.lifting(try writer.write(Array(certificate.pem.utf8), to: outputPath, mode: .publicFile))
        return certificate
    }

    /// `convert pem-to-der`: the one certificate of a PEM file as DER, byte for byte.
    public func pemToDER(_ inputPath: String, to outputPath: String) throws(CoreError) -> X509Certificate {
        try CoreError.lifting(try writer.checkWritable([outputPath]))
        let bytes = try CoreError.lifting(try FileReader.read(inputPath))
        switch EncodedFormat.detect(bytes) {
        case .pem:
            break
        case .pkcs12:
            throw CoreError(.invalidInput, "\(inputPath) is a PFX (PKCS#12) file, not PEM: use `certkeeper convert pfx-to-cer`")
        case .der, nil:
            throw CoreError(.invalidInput, "\(inputPath) is not PEM text (binary data: already DER?)")
        }
        let certificates = try KeyCertificateFiles.certificates(in: bytes, path: inputPath)
        guard certificates.count == 1 else {
            throw CoreError(
                .invalidInput,
                "\(inputPath) holds \(certificates.count) certificates and a DER file holds one: use `certkeeper export cer` to write the leaf"
            )
        }
        try CoreError.lifting(try writer.write(certificates[0].der, to: outputPath, mode: .publicFile))
        return certificates[0]
    }

    /// What `exportCertificate` produced.
    public struct ExportedCertificate: Sendable {
        public let certificate: X509Certificate
        public let keyCredential: GraphKeyCredential?
    }

    /// `export cer`: the upload-ready public certificate from any input (PEM, DER, PFX,
    /// bundle), DER unless `pem`; with `keyCredentialOut`, the Graph keyCredential JSON too.
    public func exportCertificate(
        from inputPath: String, password: () throws(CoreError) -> Secret?, to outputPath: String, pem: Bool,
        keyCredentialOut: String?
    ) throws(CoreError) -> ExportedCertificate {
        try CoreError.lifting(try writer.checkWritable([outputPath] + (keyCredentialOut.map { [$0] } ?? [])))
        let leaf = try LeafCertificateSource.leaf(in: inputPath, password: password)
        var files: [(path: String, bytes: [UInt8], mode: SecureFileWriter.Mode)] = [
            (outputPath, pem ? Array(leaf.pem.utf8) : leaf.der, .publicFile)
        ]
        var credential: GraphKeyCredential?
        if let keyCredentialOut {
            let built = GraphKeyCredential(certificate: leaf)
            files.append((keyCredentialOut, try built.jsonBytes(), .publicFile))
            credential = built
        }
        try CoreError.lifting(try writer.writeAll(files))
        return ExportedCertificate(certificate: leaf, keyCredential: credential)
    }
}
