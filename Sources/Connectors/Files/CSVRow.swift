/// One data row of a delimited text file: its values in column order and the line it starts on.
public struct CSVRow: Sendable, Hashable {
    /// The 1-based line the row starts on (a quoted value with newlines makes a row span several lines).
    public let line: Int
    public let values: [String]

    public init(line: Int, values: [String]) {
        self.line = line
        self.values = values
    }
}
