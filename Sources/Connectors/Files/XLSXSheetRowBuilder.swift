import GoldenCore

/// Assembles worksheet rows from the SAX events of a sheet part (`row`, `c`, `v`, `is/t`).
///
/// Cells may be sparse (`A1`, `D1`): each goes to the index its reference names, the gaps stay `nil`. A cell
/// without a reference follows the previous one, and a row without a number follows the previous row, as the
/// format allows.
final class XLSXSheetRowBuilder {
    private let file: String
    private let source: String
    private let sharedStrings: [String]
    private let styles: XLSXStyles
    private let date1904: Bool
    private let emit: (Result<XLSXRow, ConnectorError>) throws -> Void

    /// The number of the row being built, or last finished.
    private(set) var rowNumber = 0
    private var cells: [JSONValue?] = []
    private var rowIssue: String?
    private var column = -1
    private var cellType = "n"
    private var cellStyle = 0
    private var cellReference = ""
    private var valueText: String?
    private var inlineText = ""
    private var inInlineString = false
    private var phonetic = false
    /// The row's cells as `A2=text`, for keeping a refused row whole.
    private var rawCells: [String] = []
    /// The last finished row's cells as `A2=text` joined by tabs (shared strings resolved, numbers as written).
    private(set) var rawRow = ""

    init(
        file: String, source: String, sharedStrings: [String], styles: XLSXStyles, date1904: Bool,
        emit: @escaping (Result<XLSXRow, ConnectorError>) throws -> Void
    ) {
        self.file = file
        self.source = source
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.date1904 = date1904
        self.emit = emit
    }

    func start(_ name: String, _ attributes: [String: String]) throws {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
            cells.removeAll(keepingCapacity: true)
            rawCells.removeAll(keepingCapacity: true)
            rowIssue = nil
            column = -1
        case "c":
            cellReference = attributes["r"] ?? ""
            if let reference = attributes["r"] {
                if let parsed = XLSXRow.parseReference(reference) {
                    column = parsed.column
                } else {
                    column += 1
                    rowIssue = rowIssue ?? "cell reference '\(reference)' is malformed"
                }
            } else {
                column += 1
                cellReference = XLSXRow.columnName(column) + String(rowNumber)
            }
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
            valueText = nil
            inlineText = ""
            inInlineString = false
        case "is": inInlineString = true
        case "rPh": phonetic = true
        default: break
        }
    }

    func end(_ name: String, _ text: String) throws {
        switch name {
        case "v": valueText = text
        case "t" where inInlineString && !phonetic: inlineText += text
        case "rPh": phonetic = false
        case "is": inInlineString = false
        case "c": finishCell()
        case "row": try finishRow()
        default: break
        }
    }

    private func finishCell() {
        guard column >= 0 else { return }
        if cellType == "s", let text = valueText, let index = Int(text), index >= 0, index < sharedStrings.count {
            rawCells.append("\(cellReference)=\(sharedStrings[index])")
        } else if let text = cellType == "inlineStr" ? inlineText : valueText {
            rawCells.append("\(cellReference)=\(text)")
        }
        let value: JSONValue?
        switch cellType {
        case "inlineStr":
            value = .string(inlineText)
        case "s":
            guard let text = valueText else { return }
            guard let index = Int(text), index >= 0, index < sharedStrings.count else {
                rowIssue = rowIssue ?? "cell \(cellReference) refers to shared string '\(text)' of "
                    + "\(sharedStrings.count)"
                return
            }
            value = .string(sharedStrings[index])
        case "b":
            guard let text = valueText else { return }
            value = .bool(text == "1" || text.lowercased() == "true")
        case "str", "e", "d":
            guard let text = valueText else { return }
            value = .string(text)
        default:
            guard let text = valueText, !text.isEmpty else { return }
            guard let number = Double(text) else {
                rowIssue = rowIssue ?? "cell \(cellReference) holds '\(text)', which is not a number"
                return
            }
            if let kind = styles.dateKind(styleIndex: cellStyle) {
                guard let iso = ExcelDate.isoText(serial: number, kind: kind, date1904: date1904) else {
                    rowIssue = rowIssue ?? "cell \(cellReference) holds \(text), which is not a date"
                    return
                }
                value = .string(iso)
            } else {
                value = .number(number)
            }
        }
        guard column < 16_384 else {
            rowIssue = rowIssue ?? "cell \(cellReference) is beyond Excel's last column"
            return
        }
        if cells.count <= column { cells.append(contentsOf: repeatElement(nil, count: column + 1 - cells.count)) }
        cells[column] = value
    }

    private func finishRow() throws {
        rawRow = rawCells.joined(separator: "\t")
        if let rowIssue {
            try emit(.failure(ConnectorError(
                .malformedRecord, source: source, location: "\(file):\(rowNumber)", message: rowIssue,
                rowReason: .badCell)))
            return
        }
        let row = XLSXRow(number: rowNumber, cells: cells)
        if !row.isEmpty { try emit(.success(row)) }
    }
}
