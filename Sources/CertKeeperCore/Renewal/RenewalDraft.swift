import CertKeeperBase
import CertKeeperStore
import Foundation

/// The renewal policy fields a user gives (`profile create/edit` flags, an imported file).
/// Nil fields keep their current value on edit and take the default on create.
public struct RenewalDraft: Sendable, Hashable {
    /// `30d` (time left) or `66%` (lifetime elapsed).
    public var renewBefore: String?
    /// `graph`, `guided` or `off`.
    public var registration: String?
    /// A duration (`24h`, `2d`, `0`).
    public var overlap: String?
    /// An empty string removes the hook.
    public var deployHook: String?
    /// Replaces the list; an empty list clears it.
    public var deployTargets: [String]?

    public init(
        renewBefore: String? = nil, registration: String? = nil, overlap: String? = nil,
        deployHook: String? = nil, deployTargets: [String]? = nil
    ) {
        self.renewBefore = renewBefore
        self.registration = registration
        self.overlap = overlap
        self.deployHook = deployHook
        self.deployTargets = deployTargets
    }

    /// Checks every given field (for usage errors before anything is opened).
    public func checked() throws(CoreError) -> RenewalPolicy { try applied(to: RenewalPolicy()) }

    /// `base` with every given field checked and applied.
    func applied(to base: RenewalPolicy) throws(CoreError) -> RenewalPolicy {
        var policy = base
        if let renewBefore { policy.renewBefore = try RenewalSchedule(parsing: renewBefore).threshold.description }
        if let registration { policy.registration = try Self.registration(registration) }
        if let overlap { policy.overlapSeconds = try Self.overlap(overlap) }
        if let deployHook { policy.deployHook = deployHook.isEmpty ? nil : try Self.hook(deployHook) }
        if let deployTargets { policy.deployTargets = try deployTargets.map(Self.target) }
        return policy
    }

    static func registration(_ text: String) throws(CoreError) -> RotationRegistration? {
        switch text.lowercased() {
        case "graph": return .graph
        case "guided": return .guided
        case "off": return nil
        default:
            throw CoreError(.invalidInput, "renewal registration \"\(TerminalText.escaped(text))\" is not graph, guided or off")
        }
    }

    static func overlap(_ text: String) throws(CoreError) -> Int64 {
        do { return try DurationSpec(parsing: text).seconds } catch {
            throw CoreError(.invalidInput, "renewal overlap \"\(TerminalText.escaped(text))\" is not a duration such as 24h, 2d or 0")
        }
    }

    /// A shell command: any text but NUL and control characters other than tab and newline
    /// (a multi-line script is fine; an escape sequence hidden in it is not).
    static func hook(_ text: String) throws(CoreError) -> String {
        let hidden = text.unicodeScalars.contains { TerminalText.isControl($0) && $0 != "\n" && $0 != "\t" }
        guard !hidden else {
            throw CoreError(.invalidInput, "the deploy hook contains control characters: write it without them (a script file is easier to review)")
        }
        return text
    }

    /// `KIND:LOCATION`, e.g. `keyvault:https://contoso.vault.azure.net/certificates/payroll`
    /// or `file:/etc/payroll/client.pfx`; kind in lowercase letters, digits and '-'.
    static func target(_ text: String) throws(CoreError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":") else { throw invalidTarget(text) }
        let kind = trimmed[..<colon]
        let location = trimmed[trimmed.index(after: colon)...]
        let kindOK =
            kind.first.map { $0.isASCII && $0.isLowercase } == true
            && kind.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        guard kindOK, !location.isEmpty, trimmed.count <= 2048, !trimmed.unicodeScalars.contains(where: TerminalText.isControl) else {
            throw invalidTarget(text)
        }
        // A vault target is imported into by the rotation itself: it must be a real one.
        if VaultTarget.isVaultTarget(trimmed) { _ = try VaultTarget.parse(trimmed) }
        return trimmed
    }

    private static func invalidTarget(_ text: String) -> CoreError {
        CoreError(
            .invalidInput,
            "deploy target \"\(TerminalText.escaped(text))\" is not KIND:LOCATION (e.g. keyvault:https://contoso.vault.azure.net/certificates/payroll or file:/etc/app/client.pfx)"
        )
    }
}
