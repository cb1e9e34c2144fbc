import Foundation

/// The machine an audit event is written on: its host name (`gethostname`, no DNS lookup),
/// read once per process. Several runners and operators share a team's inventory, so
/// `history` shows who did what where (user@host).
public enum AuditHost {
    public static let current: String? = {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return nil }
        let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return host.isEmpty ? nil : host
    }()
}
