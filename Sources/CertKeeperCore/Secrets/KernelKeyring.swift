internal import CKeyring
import CertKeeperCrypto
import Foundation

/// Reads a "user" key from the Linux kernel keyring (`keyctl padd user NAME @u`), as
/// entratool keeps passwords in platform storage. Straight syscalls: the password never
/// passes through argv, a file or another process.
enum KernelKeyring {
    static func read(_ name: String, purpose: String) throws(CoreError) -> Secret {
        let key = name.withCString { ck_find_user_key($0) }
        guard key >= 0 else {
            let code = errno
            throw CoreError(.secretUnavailable, "keyring:\(name): \(describe(code, name: name)) (needed for \(purpose))")
        }
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let size = buffer.withUnsafeMutableBytes { ck_read_key(key, $0.baseAddress, $0.count) }
            guard size >= 0 else {
                let code = errno
                throw CoreError(.secretUnavailable, "keyring:\(name): the key cannot be read (\(String(cString: strerror(code)))): check its permissions with keyctl describe")
            }
            if size <= buffer.count {
                let secret = Secret(bytes: buffer.prefix(size))
                wipe(&buffer)
                return secret
            }
            wipe(&buffer)
            buffer = [UInt8](repeating: 0, count: size)
        }
    }

    private static func wipe(_ buffer: inout [UInt8]) {
        buffer.withUnsafeMutableBytes { bytes in
            for index in bytes.indices { bytes[index] = 0 }
        }
    }

    private static func describe(_ code: Int32, name: String) -> String {
        switch code {
        case ENOKEY: "no user key of that name in this session's keyrings: add it with keyctl padd user \(name) @u < FILE"
        case EKEYEXPIRED: "the key has expired: add it again"
        case EKEYREVOKED: "the key was revoked: add it again"
        case ENOSYS, EPERM, EACCES:
            "the kernel keyring is not available here (\(String(cString: strerror(code))); containers often forbid keyctl): use env: or file:"
        default: String(cString: strerror(code))
        }
    }
}
