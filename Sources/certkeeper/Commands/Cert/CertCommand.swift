import ArgumentParser

struct CertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert",
        abstract: "Create self-signed client-authentication certificates.",
        discussion: """
            EXAMPLES
              certkeeper cert create --subject CN=MyApp --days 365 --out-dir ./certs \\
                  --name myapp
            """,
        subcommands: [CertCreateCommand.self]
    )
}
