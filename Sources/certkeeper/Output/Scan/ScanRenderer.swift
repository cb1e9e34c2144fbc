import ArgumentParser
import CertKeeperBase
import CertKeeperCore

/// `scan --format`.
enum ScanFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
    case junit
    case prometheus
    case github
    case azureDevOps = "azure-devops"
    case html

    func renderer(colored: Bool) -> any ScanRenderer {
        switch self {
        case .table: ScanTableRenderer(colored: colored)
        case .json: ScanJSONRenderer()
        case .junit: JUnitReporter()
        case .prometheus: PrometheusReporter()
        case .github: GitHubAnnotationReporter()
        case .azureDevOps: AzureDevOpsReporter()
        case .html: ScanHTMLRenderer()
        }
    }
}

extension FailOn: ExpressibleByArgument {}

/// Writes a scan report in one format. Renderers stream: they walk the report's entries
/// (as often as the format needs) and write as they go, never holding the whole output.
protocol ScanRenderer {
    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError)
}
