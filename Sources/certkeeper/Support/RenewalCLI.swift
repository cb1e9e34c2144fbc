import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import Foundation

/// `rotate due` / `renew` at the edge: the random delay, the runner, the reports, the exit code.
enum RenewalCLI {
    static func run(global: GlobalOptions, options: RenewalOptions, network: NetworkOptions) async throws {
        let logger = global.makeLogger()
        let request = try options.request
        var exitCode = RenewalReport.ExitCode.success
        try await CommandRunner.run(logger) { () async throws in
            let writer = SecureFileWriter(overwrite: true)
            // A report that cannot be written is found out before anything is renewed.
            if let output = options.output { try writer.checkWritable([output]) }
            let engine = try RotationCLI.engine(global: global, logger: logger, network: network)
            if !request.dryRun, let text = options.randomDelay {
                let limit = try RotationArguments.duration(text, option: "--random-delay")
                let delay = limit > 0 ? Double.random(in: 0...limit) : 0
                Diagnostics.write("certkeeper: waiting \(String(format: "%.1f", delay)) s before renewing (--random-delay \(text))\n")
                await engine.context.sleep(delay)
            }
            let report = try await RenewalRunner(context: engine.context).run(request)
            let table = RenewalTextRenderer.render(report)
            switch options.format {
            case .table:
                print(table, terminator: "")
            case .json, .junit:
                let document = options.format == .json ? try RenewalJSON.render(report) : RenewalJUnitRenderer.render(report)
                if let output = options.output {
                    try writer.write(Array(document.utf8), to: output, mode: .publicFile)
                    print(table, terminator: "")
                } else {
                    print(document, terminator: "")
                    Diagnostics.write("certkeeper: \(RenewalWording.summary(report)); exit \(report.exitCode)\n")
                }
            }
            exitCode = report.exitCode
        }
        if exitCode != RenewalReport.ExitCode.success { throw ExitCode(exitCode) }
    }
}
