import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperStore
import Foundation

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the audit log: every change to the inventory, oldest first.",
        discussion: """
            Every mutation writes an event in the same transaction: inventory.import, \
            certificate.discovered, certificate.removed, certificate.state_changed, \
            profile.created, profile.updated, profile.deleted, profile.exported, rotation.<state>, \
            rotation.attempt_failed. Events never hold secrets (only references and thumbprints). \
            BY is who wrote the event, user@host: the OS user and the machine's host name (a \
            shared inventory is written by several runners and operators). --format json \
            prints {"schema": "certkeeper.history/v1", "events": [{id, time, action, actor, \
            host, profile, certificate_id, rotation_id, detail}]}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: [.short, .customLong("profile")], help: ArgumentHelp("Only events of this profile.", valueName: "name"))
    var profile: String?

    @Option(name: .long, help: "Only the most recent N events.")
    var limit: Int?

    @Option(name: .long, help: "Output format.")
    var format: ListFormat = .table

    struct Listing: Encodable {
        let schema = "certkeeper.history/v1"
        let events: [Event]
    }

    struct Event: Encodable {
        let id: Int64
        let time: String
        let action: String
        let actor: String?
        let host: String?
        let profile: String?
        let certificateID: Int64?
        let rotationID: Int64?
        let detail: [String: EventValue]

        enum CodingKeys: String, CodingKey {
            case id, time, action, actor, host, profile, detail
            case certificateID = "certificate_id"
            case rotationID = "rotation_id"
        }

        init(_ event: AuditEvent) {
            id = event.id
            time = RFC3339.string(from: event.occurredAt)
            action = event.action
            actor = event.actor
            host = event.host
            profile = event.profileName
            certificateID = event.certificateID
            rotationID = event.rotationID
            detail = event.detail
        }
    }

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let events = try InventoryService(store: try global.openInventory()).history(profile: profile, limit: limit)
            switch format {
            case .json:
                print(try JSONOutput.encode(Listing(events: events.map(Event.init))))
            case .table:
                let rows = events.map { event in
                    [
                        RFC3339.string(from: event.occurredAt), event.action, Self.writer(event), event.profileName ?? "-",
                        event.certificateID.map(String.init) ?? "-",
                        event.detail.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
                    ]
                }
                print(events.isEmpty ? "no events" : TableRenderer.render(header: ["TIME", "ACTION", "BY", "PROFILE", "CERT", "DETAIL"], rows: rows))
            }
        }
    }

    /// `user@host`; either part may be unknown (events older than schema 8 have no host).
    static func writer(_ event: AuditEvent) -> String {
        switch (event.actor, event.host) {
        case (let actor?, let host?): "\(actor)@\(host)"
        case (let actor?, nil): actor
        case (nil, let host?): "@\(host)"
        case (nil, nil): "-"
        }
    }
}
