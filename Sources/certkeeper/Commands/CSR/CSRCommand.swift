import ArgumentParser

struct CSRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csr",
        abstract: "Create certificate signing requests (PKCS#10).",
        discussion: """
            EXAMPLES
              certkeeper csr create --key app.key.pem \\
                  --subject "CN=MyApp,O=Contoso\\, Ltd,C=US" \\
                  --san dns:myapp.contoso.com --out app.csr
            """,
        subcommands: [CSRCreateCommand.self]
    )
}
