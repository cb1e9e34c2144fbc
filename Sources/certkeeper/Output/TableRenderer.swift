import CertKeeperBase

/// Plain-text tables: a header row and left-aligned columns separated by two spaces. No
/// colour and no box drawing, so the output greps and diffs cleanly.
enum TableRenderer {
    /// Cells hold subjects, paths and event details: control characters are shown escaped,
    /// so a row is always one line and nothing reaches the terminal as a command.
    static func render(header: [String], rows unescaped: [[String]]) -> String {
        let rows = unescaped.map { $0.map(TerminalText.escaped) }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let isLast = index == cells.count - 1
                text += isLast ? cell : cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }
            return text
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
