import Foundation

/// The charts of the pages, drawn on the server as inline SVG: no script library, nothing loaded from elsewhere,
/// and readable with scripts off.
///
/// Every chart is built from numbers and from labels passed through ``escape(_:)``, so the markup a template
/// inserts unescaped (`{{{…}}}`) can never carry data as markup.
enum SVGChart {
    /// Text for SVG text nodes and attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A histogram of counts over [0, 1] with vertical marks at `thresholds` (label, position in [0, 1]).
    static func histogram(_ counts: [Int], thresholds: [(label: String, at: Double)]) -> String {
        let width = 560.0, height = 200.0, left = 40.0, bottom = 24.0, top = 16.0
        let plotWidth = width - left - 8, plotHeight = height - bottom - top
        let maximum = Double(max(counts.max() ?? 0, 1))
        let barWidth = plotWidth / Double(max(counts.count, 1))
        var svg = svgOpen(width: width, height: height, label: "Histogram of match scores")
        svg += "<line x1=\"\(number(left))\" y1=\"\(number(top + plotHeight))\" x2=\"\(number(width - 8))\" y2=\"\(number(top + plotHeight))\" stroke=\"#d0d5dd\"/>"
        for (index, count) in counts.enumerated() {
            let barHeight = plotHeight * Double(count) / maximum
            let x = left + Double(index) * barWidth
            svg += "<rect class=\"bar\" x=\"\(number(x + 1))\" y=\"\(number(top + plotHeight - barHeight))\" width=\"\(number(max(barWidth - 2, 1)))\" height=\"\(number(barHeight))\" fill=\"#6f8cf0\"><title>\(escape(bandLabel(index, of: counts.count))): \(count)</title></rect>"
        }
        svg += "<text x=\"\(number(left - 6))\" y=\"\(number(top + 4))\" text-anchor=\"end\" font-size=\"10\" fill=\"#667085\">\(Int(maximum))</text>"
        svg += "<text x=\"\(number(left - 6))\" y=\"\(number(top + plotHeight))\" text-anchor=\"end\" font-size=\"10\" fill=\"#667085\">0</text>"
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg += "<text x=\"\(number(left + plotWidth * tick))\" y=\"\(number(height - 8))\" text-anchor=\"middle\" font-size=\"10\" fill=\"#667085\">\(String(format: "%.2f", tick))</text>"
        }
        for threshold in thresholds {
            let x = left + plotWidth * min(max(threshold.at, 0), 1)
            svg += "<line class=\"threshold\" x1=\"\(number(x))\" y1=\"\(number(top - 4))\" x2=\"\(number(x))\" y2=\"\(number(top + plotHeight))\" stroke=\"#b42318\" stroke-dasharray=\"4 3\"/>"
            // A mark near the right edge is labelled on its left, so the label stays inside the chart.
            let leftward = threshold.at > 0.75
            svg += "<text x=\"\(number(leftward ? x - 3 : x + 3))\" y=\"\(number(top + 6))\" text-anchor=\"\(leftward ? "end" : "start")\" font-size=\"10\" fill=\"#b42318\">\(escape(threshold.label))</text>"
        }
        return svg + "</svg>"
    }

    /// A line over time, oldest first, with a dot per point and its value as a tooltip.
    static func line(_ points: [(label: String, value: Int)]) -> String {
        let width = 560.0, height = 200.0, left = 40.0, bottom = 24.0, top = 16.0
        let plotWidth = width - left - 16, plotHeight = height - bottom - top
        var svg = svgOpen(width: width, height: height, label: "Review queue over time")
        guard !points.isEmpty else {
            return svg + "<text x=\"\(number(width / 2))\" y=\"\(number(height / 2))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#667085\">no run yet</text></svg>"
        }
        let maximum = Double(max(points.map(\.value).max() ?? 0, 1))
        let step = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        let coordinates = points.enumerated().map { index, point in
            (x: left + Double(index) * step, y: top + plotHeight - plotHeight * Double(point.value) / maximum)
        }
        svg += "<line x1=\"\(number(left))\" y1=\"\(number(top + plotHeight))\" x2=\"\(number(width - 16))\" y2=\"\(number(top + plotHeight))\" stroke=\"#d0d5dd\"/>"
        svg += "<polyline fill=\"none\" stroke=\"#2f5bea\" stroke-width=\"2\" points=\"\(coordinates.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " "))\"/>"
        for (point, coordinate) in zip(points, coordinates) {
            svg += "<circle class=\"point\" cx=\"\(number(coordinate.x))\" cy=\"\(number(coordinate.y))\" r=\"3\" fill=\"#2f5bea\"><title>\(escape(point.label)): \(point.value)</title></circle>"
        }
        svg += "<text x=\"\(number(left - 6))\" y=\"\(number(top + 4))\" text-anchor=\"end\" font-size=\"10\" fill=\"#667085\">\(Int(maximum))</text>"
        svg += "<text x=\"\(number(left - 6))\" y=\"\(number(top + plotHeight))\" text-anchor=\"end\" font-size=\"10\" fill=\"#667085\">0</text>"
        if let first = points.first, let last = points.last {
            svg += "<text x=\"\(number(left))\" y=\"\(number(height - 8))\" font-size=\"10\" fill=\"#667085\">\(escape(first.label))</text>"
            svg += "<text x=\"\(number(width - 16))\" y=\"\(number(height - 8))\" text-anchor=\"end\" font-size=\"10\" fill=\"#667085\">\(escape(last.label))</text>"
        }
        return svg + "</svg>"
    }

    /// The waterfall of a pair's score: from the prior, each comparison's weight (log₂ Bayes factor plus the
    /// term-frequency adjustment) as a bar right (for) or left (against) of zero, and the final log-odds.
    static func waterfall(prior: Double, steps: [(label: String, weight: Double)], total: Double) -> String {
        let rows = [("prior", prior)] + steps.map { ($0.label, $0.weight) } + [("total", total)]
        let rowHeight = 22.0, labelWidth = 150.0, width = 640.0
        let height = rowHeight * Double(rows.count) + 8
        let extent = max(rows.map { abs($0.1) }.max() ?? 1, 1)
        let plotWidth = width - labelWidth - 70
        let zero = labelWidth + plotWidth / 2
        var svg = svgOpen(width: width, height: height, label: "Score waterfall")
        svg += "<line x1=\"\(number(zero))\" y1=\"0\" x2=\"\(number(zero))\" y2=\"\(number(height))\" stroke=\"#98a2b3\"/>"
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight + 4
            let length = plotWidth / 2 * abs(row.1) / extent
            let x = row.1 >= 0 ? zero : zero - length
            let colour = index == 0 || index == rows.count - 1 ? "#475467" : (row.1 >= 0 ? "#127a4b" : "#b42318")
            svg += "<text x=\"\(number(labelWidth - 8))\" y=\"\(number(y + 14))\" text-anchor=\"end\" font-size=\"12\" fill=\"#344054\">\(escape(row.0))</text>"
            svg += "<rect class=\"step\" x=\"\(number(x))\" y=\"\(number(y + 3))\" width=\"\(number(max(length, 1)))\" height=\"\(number(rowHeight - 8))\" fill=\"\(colour)\" rx=\"2\"><title>\(escape(row.0)): \(String(format: "%+.2f", row.1))</title></rect>"
            // The figure sits in its own column on the right, clear of the bars and of the labels.
            svg += "<text x=\"\(number(width - 4))\" y=\"\(number(y + 14))\" text-anchor=\"end\" font-size=\"11\" fill=\"#667085\">\(String(format: "%+.1f", row.1))</text>"
        }
        return svg + "</svg>"
    }

    /// A small horizontal meter for a share in [0, 1].
    static func meter(_ share: Double) -> String {
        let share = min(max(share.isFinite ? share : 0, 0), 1)
        let colour = share >= 0.95 ? "#127a4b" : share >= 0.8 ? "#946200" : "#b42318"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"60\" height=\"8\" viewBox=\"0 0 60 8\" aria-hidden=\"true\"><rect width=\"60\" height=\"8\" rx=\"4\" fill=\"#eef0f4\"/><rect width=\"\(number(60 * share))\" height=\"8\" rx=\"4\" fill=\"\(colour)\"/></svg>"
    }

    private static func svgOpen(width: Double, height: Double, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(escape(label))\">"
    }

    private static func bandLabel(_ index: Int, of count: Int) -> String {
        String(format: "%.2f–%.2f", Double(index) / Double(count), Double(index + 1) / Double(count))
    }
}
