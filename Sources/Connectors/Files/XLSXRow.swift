/// One row of a worksheet: its Excel row number and its cells by column index (0 = `A`); a missing cell is `nil`.
public struct XLSXRow: Sendable, Hashable {
    public let number: Int
    public let cells: [JSONValue?]

    public init(number: Int, cells: [JSONValue?]) {
        self.number = number
        self.cells = cells
    }

    /// `true` when no cell holds a value (Excel keeps formatted but empty rows).
    public var isEmpty: Bool {
        cells.allSatisfy { cell in
            guard let cell else { return true }
            if case .string(let text) = cell { return text.isEmpty }
            return false
        }
    }

    /// The column letters of a 0-based index: 0 → `A`, 25 → `Z`, 26 → `AA`.
    public static func columnName(_ index: Int) -> String {
        var index = index + 1
        var letters: [Character] = []
        while index > 0 {
            let remainder = (index - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + remainder))), at: 0)
            index = (index - 1) / 26
        }
        return String(letters)
    }

    /// The 0-based column and the row number of a cell reference (`AB12` → (27, 12)); `nil` when malformed.
    public static func parseReference(_ reference: String) -> (column: Int, row: Int?)? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(byte - 64)
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(byte - 96)
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                row = row * 10 + Int(byte - 48)
                digits += 1
            default:
                return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0 else { return nil }
        return (column - 1, digits > 0 ? row : nil)
    }
}
