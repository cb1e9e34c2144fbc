import Foundation

/// 127.0.0.0/8, ::1 and localhost: the only hosts plain http may reach, so a credential
/// never crosses a network in clear text.
public enum LoopbackHost {
    public static func contains(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" { return true }
        if bare == "::1" { return true }
        var address = in_addr()
        guard inet_pton(AF_INET, bare, &address) == 1 else { return false }
        return UInt32(bigEndian: address.s_addr) >> 24 == 127
    }
}
