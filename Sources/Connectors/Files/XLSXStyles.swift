import Foundation

/// Which cell styles of a workbook display numbers as dates, read from `xl/styles.xml`.
///
/// A date in a sheet is only a number plus a style index; the style's number format decides. Built-in formats
/// 14–22, 27–36, 45–47 and 50–58 are dates or times; a custom format is one when, outside quoted text,
/// escapes and `[...]` sections, it has date or time letters.
struct XLSXStyles: Sendable {
    /// The date kind of each `cellXfs` entry, by index; `nil` for non-date styles.
    let dateKinds: [ExcelDate.Kind?]

    static let empty = XLSXStyles(dateKinds: [])

    func dateKind(styleIndex: Int) -> ExcelDate.Kind? {
        styleIndex >= 0 && styleIndex < dateKinds.count ? dateKinds[styleIndex] : nil
    }

    static func builtinKind(_ id: Int) -> ExcelDate.Kind? {
        switch id {
        case 14...17, 27...36, 50...58: return .date
        case 18...21, 45...47: return .time
        case 22: return .dateTime
        default: return nil
        }
    }

    /// The date kind a custom format code shows, `nil` when it shows a plain number or text.
    static func kind(ofFormatCode code: String) -> ExcelDate.Kind? {
        var hasDate = false
        var hasTime = false
        var hasMonthOrMinute = false
        var inQuotes = false
        var inBrackets = false
        var escaped = false
        for character in code.lowercased() {
            if escaped {
                escaped = false
                continue
            }
            if character == "\"" {
                inQuotes.toggle()
                continue
            }
            if inQuotes { continue }
            switch character {
            case "\\": escaped = true
            case "[": inBrackets = true
            case "]": inBrackets = false
            case "d", "y": if !inBrackets { hasDate = true }
            case "m": if !inBrackets { hasMonthOrMinute = true }
            case "h", "s": if !inBrackets { hasTime = true }
            default: continue
            }
        }
        if code.lowercased().contains("general") { return nil }
        // `m` is minutes next to hours or seconds (`hh:mm`, `mm:ss`) and the month otherwise (`mm.yyyy`, `mmm`).
        if hasMonthOrMinute, !hasTime { hasDate = true }
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        case (false, false): return nil
        }
    }

    /// Reads a styles part already extracted to `url`.
    static func read(_ url: URL, source: String, location: String) throws -> XLSXStyles {
        var customKinds: [Int: ExcelDate.Kind?] = [:]
        var kinds: [ExcelDate.Kind?] = []
        var inCellXfs = false
        let scanner = XMLPartScanner(
            onStart: { name, attributes in
                switch name {
                case "numFmt":
                    if let id = attributes["numFmtId"].flatMap({ Int($0) }) {
                        customKinds[id] = kind(ofFormatCode: attributes["formatCode"] ?? "")
                    }
                case "cellXfs": inCellXfs = true
                case "xf" where inCellXfs:
                    let id = attributes["numFmtId"].flatMap { Int($0) } ?? 0
                    kinds.append(customKinds[id] ?? builtinKind(id))
                default: break
                }
            },
            onEnd: { name, _ in
                if name == "cellXfs" { inCellXfs = false }
            })
        try scanner.scan(url, source: source, location: location)
        return XLSXStyles(dateKinds: kinds)
    }
}
