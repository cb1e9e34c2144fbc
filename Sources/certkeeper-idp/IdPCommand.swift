import ArgumentParser

/// certkeeper-idp: a local Entra ID emulator (admin commands and `serve` land next).
@main
struct IdPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certkeeper-idp",
        abstract: "A local Entra ID emulator that verifies certificate credentials for real."
    )
}
