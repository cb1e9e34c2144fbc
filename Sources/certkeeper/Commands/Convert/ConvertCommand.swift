import ArgumentParser

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert between PEM, DER and PFX (PKCS#12).",
        discussion: """
            PKCS#12 PROFILES (--pkcs12-profile, for PFX files certkeeper writes)
              modern  AES-256-CBC with PBKDF2-HMAC-SHA-256, MAC SHA-256 (default;
                      OpenSSL 3's own). Windows Server 2019+, .NET, Java, OpenSSL,
                      Python.
              legacy  PBE-SHA1-3DES for key and certificates, MAC SHA-1. Needed by Windows
                      Server 2016 and older, App Service and API Management uploads, Go's
                      x/crypto/pkcs12 (azidentity) and macOS/iOS importers.
            Reading accepts both, RC2-40 files from Windows and old OpenSSL, and password-less \
            files (Key Vault exports). `certkeeper inspect FILE.pfx` shows how a PFX is protected.

            EXAMPLES
              certkeeper convert pem-to-pfx --cert app.cert.pem --key app.key.pem \\
                  --out app.pfx --pkcs12-profile legacy --out-password-env PFX_PASSWORD
              certkeeper convert pem-to-pfx --cert cert+key.pem --chain ca.pem --out app.pfx
              certkeeper convert pfx-to-pem --in app.pfx --out-cert app.cert.pem \\
                  --out-key app.key.pem --in-password-env PFX_PASSWORD \\
                  --out-password-env KEY_PASSWORD
              certkeeper convert pfx-to-cer --in app.pfx --out app.cer \\
                  --password-env PFX_PASSWORD
              certkeeper convert der-to-pem --in app.cer --out app.cert.pem
              certkeeper convert pem-to-der --in app.cert.pem --out app.cer
            """,
        subcommands: [
            ConvertPemToPfxCommand.self,
            ConvertPfxToPemCommand.self,
            ConvertPfxToCerCommand.self,
            ConvertDerToPemCommand.self,
            ConvertPemToDerCommand.self,
        ]
    )
}
