import ArgumentParser

/// `--format` for commands whose output is a description of something.
enum DescriptionFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
