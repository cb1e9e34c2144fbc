import ArgumentParser

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Generate private keys.",
        discussion: """
            EXAMPLES
              certkeeper key generate --type rsa --bits 3072 --out app.key.pem \\
                  --password-env KEY_PASSWORD
              certkeeper key generate --type ec --curve p384 --out signer.key.pem
            """,
        subcommands: [KeyGenerateCommand.self]
    )
}
