import Foundation

/// One table of a report as text cells: a title, column titles, and rows whose first cell names
/// the row (a model) and whose other cells are scores ("57.3 ± 0.8", "—" when missing).
public struct ReportTable: Sendable, Equatable {
    public var title: String
    public var columns: [String]
    public var rows: [[String]]
    /// The cells holding their column's best value (the paper prints them in bold); HTML marks
    /// them, the text formats do not.
    public var best: Set<CellPosition>
    /// The bootstrap intervals of the cells that have one; HTML shows them under the value
    /// (CSV and JSON carry them as numbers).
    public var intervals: [CellPosition: BootstrapInterval]

    /// A cell: `row` indexes `rows`, `column` indexes `columns` (0 is the row's name).
    public struct CellPosition: Hashable, Sendable {
        public var row: Int
        public var column: Int

        public init(row: Int, column: Int) {
            self.row = row
            self.column = column
        }
    }

    public init(
        title: String, columns: [String], rows: [[String]], best: Set<CellPosition> = [],
        intervals: [CellPosition: BootstrapInterval] = [:]
    ) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.best = best
        self.intervals = intervals
    }

    /// The table as aligned text: the first column left-aligned, the others right-aligned, two
    /// spaces between columns, a rule under the titles.
    public func alignedText() -> String {
        let all = [columns] + rows
        let widths = columns.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }
            var text = padded.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(columns), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// The table in GitHub Markdown: the first column left-aligned, the others right-aligned;
    /// pipes inside cells escaped.
    public func markdown() -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        let alignment = "| " + columns.indices.map { $0 == 0 ? ":---" : "---:" }.joined(separator: " | ") + " |"
        return ([line(columns), alignment] + rows.map(line)).joined(separator: "\n")
    }
}
