import Foundation

/// A value in an audit event's detail. Never a secret: details name files, thumbprints,
/// references and counts.
public enum EventValue: Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral
{
    case string(String)
    case int(Int64)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(_ value: Int) { self = .int(Int64(value)) }

    public var description: String {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .bool(let value): String(value)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        }
    }
}

/// An audit event to append (for actions that are not already recorded by a store mutation).
public struct EventDraft: Sendable, Hashable {
    /// Dotted name, e.g. `profile.exported`, `rotation.graph_add_key`.
    public var action: String
    public var profileName: String?
    public var certificateID: Int64?
    public var rotationID: Int64?
    public var detail: [String: EventValue]

    public init(
        action: String, profileName: String? = nil, certificateID: Int64? = nil, rotationID: Int64? = nil,
        detail: [String: EventValue] = [:]
    ) {
        self.action = action
        self.profileName = profileName
        self.certificateID = certificateID
        self.rotationID = rotationID
        self.detail = detail
    }
}

/// One row of the append-only audit log.
public struct AuditEvent: Sendable, Hashable, Identifiable {
    public let id: Int64
    public let occurredAt: Date
    public let action: String
    /// The login name of whoever ran the command.
    public let actor: String?
    /// The host name of the machine it ran on (nil for events written before schema 8).
    public let host: String?
    public let profileName: String?
    public let certificateID: Int64?
    public let rotationID: Int64?
    public let detail: [String: EventValue]

    public init(
        id: Int64, occurredAt: Date, action: String, actor: String?, host: String? = nil, profileName: String?,
        certificateID: Int64?, rotationID: Int64?, detail: [String: EventValue]
    ) {
        self.id = id
        self.occurredAt = occurredAt
        self.action = action
        self.actor = actor
        self.host = host
        self.profileName = profileName
        self.certificateID = certificateID
        self.rotationID = rotationID
        self.detail = detail
    }
}

/// Which events `history` wants, newest last.
public struct EventQuery: Sendable, Hashable {
    public var profileName: String?
    /// Only the events of one rotation.
    public var rotationID: Int64?
    /// The most recent `limit` events; nil for all.
    public var limit: Int?

    public init(profileName: String? = nil, rotationID: Int64? = nil, limit: Int? = nil) {
        self.profileName = profileName
        self.rotationID = rotationID
        self.limit = limit
    }
}
