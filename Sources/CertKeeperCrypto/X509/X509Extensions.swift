internal import COpenSSL
import Foundation

/// Reads and builds the v3 extensions certkeeper cares about.
enum X509Extensions {
    static func subjectAlternativeNames(of certificate: OpaquePointer) -> [SubjectAlternativeName] {
        guard let names = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else {
            OpenSSLErrorQueue.clear()
            return []
        }
        let stack = OpaquePointer(names)
        defer { GENERAL_NAMES_free(stack) }
        return subjectAlternativeNames(in: stack)
    }

    /// Copies the supported entries of a borrowed GENERAL_NAMES stack.
    static func subjectAlternativeNames(in names: OpaquePointer) -> [SubjectAlternativeName] {
        var result: [SubjectAlternativeName] = []
        for index in 0..<COpenSSL_sk_GENERAL_NAME_num(names) {
            guard let name = COpenSSL_sk_GENERAL_NAME_value(names, index) else { continue }
            let content = name.pointee.d
            switch name.pointee.type {
            case GEN_DNS: result.append(.dns(string(content.dNSName)))
            case GEN_EMAIL: result.append(.email(string(content.rfc822Name)))
            case GEN_URI: result.append(.uri(string(content.uniformResourceIdentifier)))
            case GEN_IPADD: result.append(.ipAddress(ipAddress(content.iPAddress)))
            default: continue
            }
        }
        return result
    }

    static func extendedKeyUsage(of certificate: OpaquePointer) -> [String] {
        guard let usages = X509_get_ext_d2i(certificate, NID_ext_key_usage, nil, nil) else {
            OpenSSLErrorQueue.clear()
            return []
        }
        let stack = OpaquePointer(usages)
        defer { EXTENDED_KEY_USAGE_free(stack) }
        var result: [String] = []
        for index in 0..<COpenSSL_sk_ASN1_OBJECT_num(stack) {
            guard let object = COpenSSL_sk_ASN1_OBJECT_value(stack, index) else { continue }
            let nid = OBJ_obj2nid(object)
            if nid != NID_undef, let shortName = OBJ_nid2sn(nid) {
                result.append(String(cString: shortName))
            } else {
                var buffer = [CChar](repeating: 0, count: 128)
                OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
                result.append(String(nulTerminated: buffer))
            }
        }
        return result
    }

    static func keyUsage(of certificate: OpaquePointer) -> [String] {
        let flags = X509_get_key_usage(certificate)
        // UINT32_MAX means "no keyUsage extension": every usage allowed, none listed.
        guard flags != UInt32.max else { return [] }
        let names: [(UInt32, String)] = [
            (UInt32(KU_DIGITAL_SIGNATURE), "digitalSignature"),
            (UInt32(KU_NON_REPUDIATION), "nonRepudiation"),
            (UInt32(KU_KEY_ENCIPHERMENT), "keyEncipherment"),
            (UInt32(KU_DATA_ENCIPHERMENT), "dataEncipherment"),
            (UInt32(KU_KEY_AGREEMENT), "keyAgreement"),
            (UInt32(KU_KEY_CERT_SIGN), "keyCertSign"),
            (UInt32(KU_CRL_SIGN), "cRLSign"),
            (UInt32(KU_ENCIPHER_ONLY), "encipherOnly"),
            (UInt32(KU_DECIPHER_ONLY), "decipherOnly"),
        ]
        return names.filter { flags & $0.0 != 0 }.map(\.1)
    }

    /// A new GENERAL_NAMES stack for a subjectAltName extension; the caller frees it with
    /// GENERAL_NAMES_free.
    static func makeGeneralNames(_ names: [SubjectAlternativeName]) throws(CryptoError) -> OpaquePointer {
        guard let stack = COpenSSL_sk_GENERAL_NAME_new_null() else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not allocate the SAN list")
        }
        for name in names {
            let type: Int32
            switch name {
            case .dns: type = GEN_DNS
            case .email: type = GEN_EMAIL
            case .uri: type = GEN_URI
            case .ipAddress: type = GEN_IPADD
            }
            guard let entry = a2i_GENERAL_NAME(nil, nil, nil, type, name.value, 0) else {
                GENERAL_NAMES_free(stack)
                throw OpenSSLErrorQueue.error(.invalidParameter, "SAN \"\(name)\" is not valid")
            }
            guard COpenSSL_sk_GENERAL_NAME_push(stack, entry) > 0 else {
                GENERAL_NAME_free(entry)
                GENERAL_NAMES_free(stack)
                throw OpenSSLErrorQueue.error(.openSSL, "could not build the SAN list")
            }
        }
        return stack
    }

    private static func string(_ value: UnsafeMutablePointer<ASN1_IA5STRING>?) -> String {
        guard let value, let data = ASN1_STRING_get0_data(value) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(value))), as: UTF8.self)
    }

    private static func ipAddress(_ value: UnsafeMutablePointer<ASN1_OCTET_STRING>?) -> String {
        guard let value, let data = ASN1_STRING_get0_data(value) else { return "" }
        let bytes = Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(value))))
        switch bytes.count {
        case 4:
            return bytes.map(String.init).joined(separator: ".")
        case 16:
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            let formatted = bytes.withUnsafeBytes { raw in
                inet_ntop(AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count))
            }
            return formatted != nil ? String(nulTerminated: buffer) : bytes.hexString(uppercase: false)
        default:
            return bytes.hexString(uppercase: false)
        }
    }
}
