import ArgumentParser
import Foundation

/// Human output: an aligned table on a terminal, one JSON line with `--json` (or when stdout is not a TTY).
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print one JSON line instead of a table.")
    var json = false

    var wantsJSON: Bool { json || isatty(STDOUT_FILENO) == 0 }
}

enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Instants as ISO 8601 with milliseconds: readable, and exact enough to pass back as `--at`.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// Columns padded to their widest cell; counted in characters so Cyrillic lines up.
    static func table(_ header: [String], _ rows: [[String]]) {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        print(line(header))
        print(line(widths.map { String(repeating: "-", count: $0) }))
        for row in rows { print(line(row)) }
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("golden: \(message)\n".utf8))
    }
}
