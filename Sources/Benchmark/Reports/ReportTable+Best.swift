import Foundation

/// Which cells of a table are the best of their column, and the numbers behind its cells.
extension ReportTable {
    /// The cells holding each column's best value: the largest when `higherIsBetter`, else the
    /// smallest. Values are compared as printed (rounded to `decimals`), so cells that read the
    /// same are all best; a column with fewer than two values has no best (nothing was beaten).
    /// `values[row][column]` lines up with `rows` (column 0, the row's name, is never a value).
    public static func bestCells(_ values: [[Double?]], higherIsBetter: Bool, decimals: Int) -> Set<CellPosition> {
        let scale = pow(10, Double(decimals))
        let columnCount = values.map(\.count).max() ?? 0
        var best: Set<CellPosition> = []
        for column in 0 ..< columnCount {
            let present = values.indices.compactMap { row -> (row: Int, value: Double)? in
                guard column < values[row].count, let value = values[row][column], value.isFinite else { return nil }
                return (row, (value * scale).rounded() / scale)
            }
            guard present.count >= 2 else { continue }
            let target = higherIsBetter ? present.map(\.value).max()! : present.map(\.value).min()!
            for cell in present where cell.value == target { best.insert(CellPosition(row: cell.row, column: column)) }
        }
        return best
    }

    /// The table of `scores` (`scores[row][column]`, lined up with `rows`): each column's best
    /// under `metric` marked, and the scores' intervals kept.
    func annotated(with scores: [[CellScore?]], metric: CellMetric) -> ReportTable {
        var table = self
        table.best = Self.bestCells(scores.map { $0.map { $0?.mean } }, higherIsBetter: metric.higherIsBetter, decimals: metric.decimals)
        for (row, rowScores) in scores.enumerated() {
            for (column, score) in rowScores.enumerated() {
                if let interval = score?.interval { table.intervals[CellPosition(row: row, column: column)] = interval }
            }
        }
        return table
    }
}
