import ArgumentParser

struct RotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Rotate a profile's certificate without ever leaving it without a working credential.",
        discussion: """
            A rotation goes started → staged → registered → verified → promoted → retired → \
            completed, or ends rolled_back with the profile on its old certificate:
              staged      a new RSA key + self-signed certificate, saved as an encrypted
                          PFX (0600) under the home's keys/, recorded before anything
                          external happens
              registered  added to the app registration: Graph addKey (--register
                          graph, appended, never replacing) or uploaded by you in the
                          portal (--register guided)
              verified    a fresh token acquired with the NEW certificate (AADSTS700027
                          retried while the directory replicates, up to
                          --verify-timeout); else roll back
              promoted    the profile points at the new certificate (one transaction); then
                          --deploy-hook runs
              retired     after --overlap, the old credential is removed (Graph removeKey or
                          guided) — only once the new one is proven to work
            Every step is one SQLite transaction plus an audit event, and every external step \
            checks by thumbprint before acting, so after a crash or kill -9 at any point, \
            `rotate resume` finishes the job or rolls back. One unfinished rotation per profile.

            EXAMPLES
              certkeeper rotate start -p payroll --register graph --overlap 24h --yes
              certkeeper rotate start -p payroll --register guided  # what to upload
              certkeeper rotate resume -p payroll           # after the upload / overlap
              certkeeper rotate status -p payroll --format json
              certkeeper rotate rollback -p payroll         # abandon the unfinished one
              certkeeper rotate rollback -p payroll --to 1  # back to revision 1's cert
              certkeeper rotate list
              certkeeper rotate prune -p payroll --keep 1   # delete old key files
              certkeeper rotate due --format junit --output renewal.xml  # nightly

            EXIT CODES
              0   the rotation completed, or is waiting for you (upload, overlap): see
                  the message
              1   a step failed (the message says which and what to do; a failed
                  verification rolls back first), or the inventory refused (another
                  rotation unfinished)
              64  usage error
            """,
        subcommands: [
            RotateStartCommand.self, RotateResumeCommand.self, RotateStatusCommand.self,
            RotateRollbackCommand.self, RotateListCommand.self, RotatePruneCommand.self, RotateDueCommand.self,
        ]
    )
}
