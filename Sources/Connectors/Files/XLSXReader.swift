import Foundation
import ZIPFoundation

/// Streams the rows of one worksheet of an Excel workbook (.xlsx).
///
/// The workbook is a ZIP of XML parts. `xl/workbook.xml` lists the sheets, `xl/_rels/workbook.xml.rels` maps each
/// to its part, `xl/sharedStrings.xml` holds the text most cells point to, and `xl/styles.xml` says which numbers
/// are dates. The sheet part is extracted to a temporary file and parsed from there as a stream: it can be hundreds
/// of megabytes, and libxml2 refuses in-memory documents over 10 MB. Only the shared-string table is held in
/// memory, because cells refer to it at random.
///
/// Cell values become JSON: text (shared or inline) and formula text as strings, numbers as numbers, booleans as
/// booleans, date-formatted numbers as ISO text (`2024-05-01`, `2024-05-01T12:30:00`), error cells as their text
/// (`#N/A`).
///
/// - Important: Not thread-safe; one reader belongs to one consumer.
public final class XLSXReader {
    /// The workbook's file name, used in every location.
    public let file: String
    /// The sheet being read.
    public let sheetName: String
    /// Whether the workbook counts dates from 1904 (old Mac Excel) instead of 1900.
    public let date1904: Bool
    /// Every sheet of the workbook, in workbook order.
    public let sheetNames: [String]

    private let source: String
    private let archive: Archive
    private let sheetPath: String
    private let sharedStrings: [String]
    private let styles: XLSXStyles
    private let workDirectory: URL

    /// Opens `url` and reads the workbook's sheet list, shared strings and styles.
    ///
    /// - Parameters:
    ///   - url: the .xlsx file.
    ///   - source: the configured source name, for errors.
    ///   - sheet: the sheet to read by its tab name; `nil` reads the first sheet.
    /// - Throws: ``ConnectorError`` `unavailable` when the file cannot be opened, `malformedPage` when it is not a
    ///   workbook, lacks the named sheet, or a part is malformed (naming the part and line).
    public init(url: URL, source: String, sheet: String? = nil) throws {
        file = url.lastPathComponent
        self.source = source
        let file = self.file
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw ConnectorError(.unavailable, source: source, location: file, message: "cannot open the file")
        }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ConnectorError(
                .malformedPage, source: source, location: file, message: "not an .xlsx (ZIP) file: \(error)")
        }
        workDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("golden-xlsx-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        } catch {
            throw ConnectorError(
                .unavailable, source: source, location: file, message: "cannot create a temporary folder: \(error)")
        }
        do {
            let workbook = try Self.readWorkbook(archive: archive, into: workDirectory, file: file, source: source)
            sheetNames = workbook.sheets.map(\.name)
            date1904 = workbook.date1904
            let chosen: (name: String, relationship: String)
            if let sheet {
                guard let match = workbook.sheets.first(where: { $0.name == sheet }) else {
                    throw ConnectorError(
                        .malformedPage, source: source, location: file,
                        message: "the workbook has no sheet '\(sheet)' (sheets: \(sheetNames.joined(separator: ", ")))")
                }
                chosen = match
            } else {
                guard let first = workbook.sheets.first else {
                    throw ConnectorError(
                        .malformedPage, source: source, location: file, message: "the workbook has no sheets")
                }
                chosen = first
            }
            sheetName = chosen.name
            let targets = try Self.readRelationships(
                archive: archive, into: workDirectory, file: file, source: source)
            guard let target = targets[chosen.relationship] else {
                throw ConnectorError(
                    .malformedPage, source: source, location: "\(file):xl/_rels/workbook.xml.rels",
                    message: "sheet '\(chosen.name)' has no part (relationship '\(chosen.relationship)')")
            }
            sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            sharedStrings = try Self.readSharedStrings(
                archive: archive, into: workDirectory, file: file, source: source)
            if let stylesURL = try Self.extract(
                "xl/styles.xml", from: archive, into: workDirectory, file: file, source: source, required: false)
            {
                styles = try XLSXStyles.read(stylesURL, source: source, location: "\(file):xl/styles.xml")
            } else {
                styles = .empty
            }
        } catch {
            try? FileManager.default.removeItem(at: workDirectory)
            throw error
        }
    }

    private var currentBuilder: XLSXSheetRowBuilder?

    /// The cells of the row being delivered to ``readRows(_:)``'s body, as `A2=text` joined by tabs.
    public var rawRow: String { currentBuilder?.rawRow ?? "" }
    /// The Excel number of the row being delivered to ``readRows(_:)``'s body.
    public var rowNumber: Int { currentBuilder?.rowNumber ?? 0 }

    deinit {
        try? FileManager.default.removeItem(at: workDirectory)
    }

    /// Calls `body` with each non-empty row of the sheet in order, or with the issue of a row that has a bad cell
    /// (an unknown shared string, a number that is not one). Return normally to continue; throw to stop.
    ///
    /// - Throws: what `body` threw, or ``ConnectorError`` `malformedPage` naming the sheet part and line when the
    ///   sheet XML is broken (rows before that point were delivered).
    ///
    /// While `body` runs, ``rawRow`` holds the row's cells as text, for keeping a refused row whole.
    public func readRows(_ body: @escaping (Result<XLSXRow, ConnectorError>) throws -> Void) throws {
        guard let sheetURL = try Self.extract(
            sheetPath, from: archive, into: workDirectory, file: file, source: source, required: true)
        else { return }
        defer { try? FileManager.default.removeItem(at: sheetURL) }
        let builder = XLSXSheetRowBuilder(
            file: file, source: source, sharedStrings: sharedStrings, styles: styles, date1904: date1904, emit: body)
        currentBuilder = builder
        defer { currentBuilder = nil }
        let scanner = XMLPartScanner(onStart: builder.start, onEnd: builder.end)
        try scanner.scan(sheetURL, source: source, location: "\(file):\(sheetPath)")
    }

    // MARK: - Parts

    private struct Workbook {
        var sheets: [(name: String, relationship: String)] = []
        var date1904 = false
    }

    /// Extracts the part at `path` to a file under `directory`; `nil` when it is absent and not `required`.
    static func extract(
        _ path: String, from archive: Archive, into directory: URL, file: String, source: String, required: Bool
    ) throws -> URL? {
        guard let entry = archive[path] else {
            guard !required else {
                throw ConnectorError(
                    .malformedPage, source: source, location: file, message: "the workbook has no part '\(path)'")
            }
            return nil
        }
        let destination = directory.appendingPathComponent(UUID().uuidString + ".xml")
        do {
            _ = try archive.extract(entry, to: destination)
        } catch {
            throw ConnectorError(
                .malformedPage, source: source, location: "\(file):\(path)",
                message: "cannot unpack the part: \(error)")
        }
        return destination
    }

    private static func readWorkbook(
        archive: Archive, into directory: URL, file: String, source: String
    ) throws -> Workbook {
        let url = try extract("xl/workbook.xml", from: archive, into: directory, file: file, source: source,
                              required: true)!
        var workbook = Workbook()
        let scanner = XMLPartScanner(
            onStart: { name, attributes in
                switch name {
                case "sheet":
                    let relationship = attributes.first { $0.key == "id" || $0.key.hasSuffix(":id") }?.value ?? ""
                    workbook.sheets.append((attributes["name"] ?? "", relationship))
                case "workbookPr":
                    let value = attributes["date1904"]?.lowercased()
                    workbook.date1904 = value == "1" || value == "true"
                default: break
                }
            },
            onEnd: { _, _ in })
        try scanner.scan(url, source: source, location: "\(file):xl/workbook.xml")
        return workbook
    }

    private static func readRelationships(
        archive: Archive, into directory: URL, file: String, source: String
    ) throws -> [String: String] {
        let url = try extract(
            "xl/_rels/workbook.xml.rels", from: archive, into: directory, file: file, source: source, required: true)!
        var targets: [String: String] = [:]
        let scanner = XMLPartScanner(
            onStart: { name, attributes in
                if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
                    targets[id] = target
                }
            },
            onEnd: { _, _ in })
        try scanner.scan(url, source: source, location: "\(file):xl/_rels/workbook.xml.rels")
        return targets
    }

    /// The shared-string table; rich-text runs are joined and phonetic hints (`rPh`) left out.
    private static func readSharedStrings(
        archive: Archive, into directory: URL, file: String, source: String
    ) throws -> [String] {
        guard let url = try extract(
            "xl/sharedStrings.xml", from: archive, into: directory, file: file, source: source, required: false)
        else { return [] }
        defer { try? FileManager.default.removeItem(at: url) }
        var strings: [String] = []
        var current = ""
        var phonetic = false
        let scanner = XMLPartScanner(
            onStart: { name, _ in
                switch name {
                case "si": current = ""
                case "rPh": phonetic = true
                default: break
                }
            },
            onEnd: { name, text in
                switch name {
                case "t" where !phonetic: current += text
                case "rPh": phonetic = false
                case "si": strings.append(current)
                default: break
                }
            })
        try scanner.scan(url, source: source, location: "\(file):xl/sharedStrings.xml")
        return strings
    }
}
