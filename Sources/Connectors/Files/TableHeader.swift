import Foundation

/// The column names of a table's header row, checked the same way for CSV and XLSX.
enum TableHeader {
    /// Trimmed names; an empty or repeated name is an error naming the column, since mappings address columns by
    /// name and a second `email` column would silently shadow the first.
    ///
    /// - Parameter columnName: how to name column `index` in messages (`3` for CSV, `C` for XLSX).
    static func validated(
        _ values: [String], file: String, line: Int, source: String,
        columnName: (Int) -> String = { String($0 + 1) }
    ) throws -> [String] {
        var seen: [String: Int] = [:]
        var names: [String] = []
        for (index, value) in values.enumerated() {
            let name = value.trimmingWhitespace
            guard !name.isEmpty else {
                throw ConnectorError(
                    .malformedPage, source: source, location: "\(file):\(line)",
                    message: "header column \(columnName(index)) has no name")
            }
            if let earlier = seen[name] {
                throw ConnectorError(
                    .malformedPage, source: source, location: "\(file):\(line)",
                    message: "header column \(columnName(index)) '\(name)' repeats column \(columnName(earlier))")
            }
            seen[name] = index
            names.append(name)
        }
        return names
    }
}
