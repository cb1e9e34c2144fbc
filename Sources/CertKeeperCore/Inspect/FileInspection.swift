import CertKeeperBase
import CertKeeperCrypto

/// `inspect`: decodes a file and reports what it holds, labelled with its path.
public enum FileInspection {
    public static func inspect(_ path: String, password: () throws(CoreError) -> Secret?) throws(CoreError) -> DecodedDocument {
        let bytes = try CoreError.lifting(try FileReader.read(path))
        do {
            return try DocumentDecoder.decode(bytes, password: nil)
        } catch  where error.code == .passwordRequired {
            guard let secret = try password() else {
                throw CoreError(.secretUnavailable, "\(path) is password-protected: give the password with --password-env NAME or --password-file PATH")
            }
            do { return try DocumentDecoder.decode(bytes, password: secret) } catch { throw error.about(path) }
        } catch {
            throw error.about(path)
        }
    }
}
