import ArgumentParser

/// `--format` for commands whose output is a list of records.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}
