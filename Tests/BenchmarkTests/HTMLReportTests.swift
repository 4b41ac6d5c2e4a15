@testable import Benchmark
import Foundation
import Testing

/// The HTML page's charts and tables: the chart follows the metric, intervals are drawn as
/// error bars and printed under the values, each model has a legend entry, each bin its count,
/// and each column's best value is marked.
@Suite struct HTMLReportTests {
    static func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The bar chart's heading and axis title of the page.
    static func chartTitles(_ html: String) -> [String] {
        html.components(separatedBy: "<h2 class=\"chart-title\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
            + html.components(separatedBy: "<text class=\"axis-title\"").dropFirst().map { part in
                String(part.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
            }
    }

    @Test(arguments: CellMetric.allCases) func theChartFollowsTheMetric(metric: CellMetric) throws {
        let html = try ReportTests.report(metric: metric).rendered(.html)
        let titles = Self.chartTitles(html)
        #expect(titles.count == 2)
        let direction = metric.higherIsBetter ? "higher is better" : "lower is better"
        for title in titles {
            #expect(title.hasPrefix(SVGCharts.escape(metric.title)), "\(title)")
            #expect(title.contains(direction), "\(title)")
        }
        // Only the accuracy charts are on the 0–100 scale; ECE and Brier get their own.
        let scale = ValueScale(metric: metric, largest: 0.43)
        #expect(metric.higherIsBetter ? scale.maximum == 100 : scale.maximum == 0.5)
    }

    @Test func valueScalesEndOnARoundNumberAboveTheLargestValue() {
        #expect(ValueScale(metric: .ece, largest: 37.2).maximum == 40)
        #expect(ValueScale(metric: .ece, largest: 37.2).ticks == [0, 10, 20, 30, 40])
        #expect(ValueScale(metric: .brier, largest: 0.43).ticks.count == 6)
        #expect(ValueScale(metric: .brier, largest: 0.43).tickDecimals == 1)
        #expect(ValueScale(metric: .eceRenormalised, largest: 4).maximum == 4)
        #expect(ValueScale(metric: .accuracy, largest: 37.2).maximum == 100)
    }

    /// With intervals: an error bar per plotted average, a legend entry for it, and each interval
    /// printed under its table value; without: none of these.
    @Test func intervalsAreErrorBarsAndPrintedInTheTables() throws {
        let report = try ReportTests.report(bootstrap: BootstrapSettings(resamples: 50, seed: 3))
        let html = report.rendered(.html)
        let grid = report.sections[0].grid
        let plotted = grid.models.flatMap { model in grid.languages.map { grid.average(model: model, language: $0) } + [grid.languageAverage(model: model)] }
            .compactMap { $0 }
        #expect(plotted.allSatisfy { $0.interval != nil })
        #expect(Self.occurrences("<g class=\"error-bar\"", in: html) == plotted.count + 1)
        #expect(html.contains("95% bootstrap interval</text>"))
        let intervals = report.tables.reduce(0) { $0 + $1.intervals.count }
        #expect(intervals > 0)
        #expect(Self.occurrences("<span class=\"ci\"", in: html) == intervals)
        let english = try #require(report.tables.first)
        let interval = try #require(english.intervals[ReportTable.CellPosition(row: 0, column: 11)])
        #expect(html.contains("[\(CellMetric.accuracy.format(interval.lower)), \(CellMetric.accuracy.format(interval.upper))]</span>"))

        let bare = try ReportTests.report().rendered(.html)
        #expect(!bare.contains("class=\"error-bar\"") && !bare.contains("class=\"ci\""))
    }

    @Test func everyModelHasALegendEntry() throws {
        let report = try ReportTests.report()
        let html = report.rendered(.html)
        #expect(Self.occurrences("<g class=\"legend-entry\">", in: html) == report.models.count)
        for model in report.models {
            #expect(html.contains(#"<g class="legend-entry">"#) && html.contains(">\(model)</text></g>"), "\(model)")
        }
    }

    @Test func everyReliabilityBinShowsItsCount() throws {
        let report = try ReportTests.report()
        let html = report.rendered(.html)
        let counts = html.components(separatedBy: "<text class=\"bin-count\"").dropFirst().map { part in
            Int(part.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
        }
        #expect(counts == report.calibration.flatMap { $0.bins.map(\.count) })
        #expect(counts.count == 5 * report.calibration.count)
    }

    /// Each column's best cell is the largest value (smallest for ECE), and the page marks
    /// exactly those cells.
    @Test(arguments: [CellMetric.accuracy, .ece]) func theBestValueOfEachColumnIsMarked(metric: CellMetric) throws {
        let report = try ReportTests.report(metric: metric)
        let english = try #require(report.tables.first)
        func value(_ row: Int, _ column: Int) -> Double? { Double(english.rows[row][column].prefix { $0 != " " && $0 != "*" }) }
        #expect(!english.best.isEmpty)
        for column in 1 ..< english.columns.count {
            let values = english.rows.indices.compactMap { row in value(row, column).map { (row, $0) } }
            guard values.count >= 2 else {
                #expect(!english.best.contains { $0.column == column })
                continue
            }
            let target = metric.higherIsBetter ? values.map(\.1).max()! : values.map(\.1).min()!
            for (row, cellValue) in values {
                #expect(english.best.contains(.init(row: row, column: column)) == (cellValue == target), "row \(row) column \(column)")
            }
        }
        let html = report.rendered(.html)
        #expect(Self.occurrences("<td class=\"best\"><strong>", in: html) == report.tables.reduce(0) { $0 + $1.best.count })
    }

    @Test func bestCellsTieAndNeedSomethingToBeat() {
        let values: [[Double?]] = [[nil, 50.04, 3, nil], [nil, 49.96, 2, 7], [nil, 10, nil, nil]]
        #expect(ReportTable.bestCells(values, higherIsBetter: true, decimals: 1) == [.init(row: 0, column: 1), .init(row: 1, column: 1), .init(row: 0, column: 2)])
        #expect(ReportTable.bestCells(values, higherIsBetter: false, decimals: 1) == [.init(row: 2, column: 1), .init(row: 1, column: 2)])
    }

    /// The Δ tables bold each column's largest Δ.
    @Test func deltaTablesMarkTheLargestGain() throws {
        let source = SyntheticRecordSource(benchmark: .demo)
        let report = try BenchmarkReport(source: source, metric: .accuracy, baseline: "synthetic-medical-7b")
        let delta = try #require(report.tables.first { $0.title.hasPrefix("Δ accuracy vs synthetic-medical-7b (points), English") })
        let average = delta.columns.count - 1
        let rows = delta.rows.indices.map { row in
            Double(delta.rows[row][average].replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: "±", with: "").replacingOccurrences(of: "†", with: ""))!
        }
        let best = rows.max()!
        for row in rows.indices {
            #expect(delta.best.contains(.init(row: row, column: average)) == (rows[row] == best))
        }
    }

    /// A stratified resample keeps each stratum's size: constant strata give a point interval,
    /// and the intervals of averages come out the same for the same seed.
    @Test func averagesHaveStratifiedBootstrapIntervals() throws {
        let constant = Bootstrap.stratifiedInterval(counts: [3, 2], resamples: 40, seed: 1) { draws in
            Double(draws[0].count * 10 + draws[1].count)
        }
        #expect(constant?.lower == 32 && constant?.upper == 32)
        #expect(Bootstrap.stratifiedInterval(counts: [3, 0], resamples: 40, seed: 1) { _ in 1 } == nil)

        let settings = BootstrapSettings(resamples: 200, seed: 5)
        let first = try ReportTests.report(bootstrap: settings).sections[0].grid
        let again = try ReportTests.report(bootstrap: settings).sections[0].grid
        let average = try #require(first.average(model: "model-a", language: .en))
        let interval = try #require(average.interval)
        #expect(interval.lower <= average.mean && average.mean <= interval.upper)
        #expect(again.average(model: "model-a", language: .en)?.interval == interval)
        #expect(first.languageAverage(model: "model-a") == nil)
        #expect(first.average(model: "model-a", language: .fr) == nil)
    }
}
