import ArgumentParser
import CertKeeperIdP
import Foundation

struct DirectorySeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Add many app registrations with a deterministic mix of credentials.",
        discussion: """
            Each application gets its service principal (half carry SAML signing \
            certificates: Sign and Verify keys plus a password credential; 40 % of \
            the others 1-2 secrets) and 0-5 certificates and client secrets (about \
            3); 10 % of credentials are expired, \
            10 % expire within 30 days, 15 % within 90; 5 % of apps hold only expired \
            ones. Dates are relative to today, ids and names depend on --seed and \
            --tenant only. The seeded certificates exist as metadata (thumbprint and \
            dates): they are listed, not usable for tokens.
            """
    )

    @OptionGroup var state: StateOptions

    @Option(help: ArgumentHelp("The tenant that receives the objects.", valueName: "tenant"))
    var tenant: String

    @Option(help: ArgumentHelp("How many app registrations (each with its service principal).", valueName: "n"))
    var apps: Int

    @Option(help: ArgumentHelp("Seed of the mix: the same seed gives the same directory.", valueName: "n"))
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...1_000_000).contains(apps) else { throw ValidationError("--apps must be between 1 and 1000000") }
    }

    func run() throws {
        let store = try state.openStore()
        let started = ContinuousClock.now
        let summary = try store.seed(DirectorySeedPlan(tenantID: tenant, applications: apps, seed: seed, now: Date()))
        let elapsed = ContinuousClock.now - started
        print(
            """
            seeded tenant \(tenant): \(summary.applications) applications, \(summary.servicePrincipals) service principals, \
            \(summary.certificates) certificates, \(summary.secrets) secrets (\(summary.expired) expired) in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2))))
            """)
    }
}
