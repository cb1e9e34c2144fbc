import CertKeeperBase
import CertKeeperCrypto
import CertKeeperStore
import Foundation

/// What `rotate start --dry-run` prints: the steps a rotation would take, nothing done.
public struct RotationPlan: Sendable {
    public let lines: [String]
    /// What the plan was made from; `RotationEngine.start` carries it out as checked.
    let profile: StoredProfile
    let current: X509Certificate
    let options: RotationOptions

    init(profile: StoredProfile, current: X509Certificate, options: RotationOptions, now: Date) {
        self.profile = profile
        self.current = current
        self.options = options
        let bits = options.keyBits ?? RotationRun.keepSize(current.keyAlgorithm)
        let days = options.validityDays ?? RotationRun.lifetimeDays(current)
        let until = now.addingTimeInterval(Double(days) * 86_400)
        var lines = [
            "Rotation plan for profile \(TerminalText.escaped(profile.name)) (tenant \(profile.settings.tenantID), client id \(profile.settings.clientID)):",
            "  current certificate: \(current.sha1Thumbprint.hex) \(TerminalText.escaped(current.subject.description)), valid until \(RFC3339.string(from: current.notAfter))",
            "  1. stage: a new RSA \(bits) key and self-signed certificate for \(TerminalText.escaped(current.subject.description))\(current.subjectAlternativeNames.isEmpty ? "" : " (SANs copied)"), valid \(days) days (until about \(RFC3339.string(from: until))), saved as an encrypted PFX under the home's keys/",
        ]
        switch options.registration {
        case .graph:
            lines.append(
                "  2. register: Graph addKey on application \(profile.settings.applicationObjectID ?? "?") at \(profile.settings.graphEndpoint), proof signed by the current certificate (appended; nothing replaced)"
            )
        case .guided:
            lines.append(
                "  2. register: you upload the new .cer in the portal; certkeeper \(options.waitForRegistration ? "polls until it works" : "stops until you run rotate resume")")
        }
        lines.append(
            "  3. verify: a fresh token with the new certificate at \(profile.settings.authorityHost), retrying AADSTS700027 for up to \(Int(options.verifyTimeout)) s; on failure roll back"
        )
        lines.append(
            "  4. promote: profile \(TerminalText.escaped(profile.name)) points at the new certificate\(options.deployHook.map { "; then run the deploy hook: \(TerminalText.escaped($0))" } ?? "")"
        )
        let overlap = options.overlap == 0 ? "at once" : "after an overlap of \(DurationText.describe(options.overlap)) (run rotate resume then)"
        switch options.registration {
        case .graph: lines.append("  5. retire: Graph removeKey of the old certificate \(overlap), proof signed by the new one")
        case .guided: lines.append("  5. retire: you remove the old certificate in the portal \(overlap)")
        }
        lines.append("Nothing was changed (--dry-run).")
        self.lines = lines
    }
}

enum DurationText {
    static func describe(_ seconds: TimeInterval) -> String {
        let total = Int(seconds)
        if total % 86_400 == 0 { return "\(total / 86_400)d" }
        if total % 3600 == 0 { return "\(total / 3600)h" }
        if total % 60 == 0 { return "\(total / 60)m" }
        return "\(total)s"
    }
}
