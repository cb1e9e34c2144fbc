import Foundation

/// base64url (RFC 4648 §5) without padding, as JWS requires everywhere.
///
/// The alphabet swap works on bytes: String.replacingOccurrences goes through NSString on
/// Linux and dominated certkeeper-idp's token endpoint profile.
public enum Base64URL {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let base64 = Data(bytes).base64EncodedData()
        var output = [UInt8]()
        output.reserveCapacity(base64.count)
        for byte in base64 {
            switch byte {
            case UInt8(ascii: "+"): output.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): output.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes base64url with or without padding (MSAL pads `x5t`). Returns nil for anything
    /// that is not base64url.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var base64 = [UInt8]()
        base64.reserveCapacity(text.utf8.count + 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "+"), UInt8(ascii: "/"): return nil
            case UInt8(ascii: "-"): base64.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): base64.append(UInt8(ascii: "/"))
            default: base64.append(byte)
            }
        }
        while base64.count % 4 != 0 { base64.append(UInt8(ascii: "=")) }
        guard let data = Data(base64Encoded: Data(base64)) else { return nil }
        return [UInt8](data)
    }
}
