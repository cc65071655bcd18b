import Foundation
import GoldenCore

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The SAX delegate behind ``OneCXMLReader``: finds record elements, builds each one's subtree, and turns it into
/// a ``RawRecord``.
final class OneCXMLRecordBuilder: NSObject, XMLParserDelegate {
    private enum Kind {
        case commerceML, enterpriseData, deletion
    }

    private static let individualMarker = "ФизическоеЛицо"
    private static let entityKindKey = "ЮридическоеФизическоеЛицо"

    private let file: String
    private let source: String
    private let timeZone: TimeZone
    private let emit: (Result<RawRecord, ConnectorError>) throws -> Void
    weak var parser: XMLParser?
    private(set) var failure: (any Error)?
    /// Record elements seen (counting those of earlier parses of the same file, when resumed).
    var elementCount = 0
    /// Added to libxml2's line numbers: a resumed parse starts at a later line of the file.
    var lineOffset = 0
    /// Whether a root element was seen; with ``isInsideElement`` it tells a truncated or empty document.
    private(set) var sawRoot = false
    /// The line of the first XML error libxml2 reported.
    private(set) var errorLine: Int?
    /// libxml2's stream mode reports success at the end of a truncated document; an element still open then is
    /// how truncation is noticed.
    var isInsideElement: Bool { !path.isEmpty || !stack.isEmpty }

    /// How deep elements may nest inside one record. CommerceML needs about six levels; a record nested deeper
    /// (100,000 levels in a hostile file) is refused whole instead of being built, since building and releasing
    /// such a tree recurses once per level and overflows the reader thread's stack.
    static let maximumRecordDepth = 64
    /// Open elements below ``maximumRecordDepth`` in the current record, skipped.
    private var skippedDepth = 0
    private var recordTooDeep = false

    /// Local names of the open elements outside the current record.
    private var path: [String] = []
    /// The open elements of the current record, outermost first.
    private var stack: [XMLElementNode] = []
    private var kind = Kind.commerceML
    private var recordLine = 0
    var documentDate: Date?
    private var headerText: String?
    /// The canonical JSON of the last element that could not become a record, and the line it started on.
    private(set) var lastIssueRaw: [UInt8] = []
    private(set) var lastIssueLine = 0

    init(
        file: String, source: String, timeZone: TimeZone,
        emit: @escaping (Result<RawRecord, ConnectorError>) throws -> Void
    ) {
        self.file = file
        self.source = source
        self.timeZone = timeZone
        self.emit = emit
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        guard failure == nil else { return }
        sawRoot = true
        let name = XMLPartScanner.localName(elementName)
        if !stack.isEmpty {
            if skippedDepth > 0 || stack.count >= Self.maximumRecordDepth {
                skippedDepth += 1
                recordTooDeep = true
                return
            }
            stack.append(XMLElementNode(name: name, attributes: Self.attributes(attributeDict)))
            return
        }
        if path.isEmpty, !attributeDict.isEmpty, let date = attributeDict["ДатаФормирования"] {
            documentDate = FileDateParser.date(from: date, timeZone: timeZone)
        }
        let recordKind: Kind?
        if XMLElementNode.sameName(name, "Контрагент") {
            recordKind = .commerceML
        } else if XMLElementNode.sameName(name, "Владелец"), let parent = path.last,
            XMLElementNode.sameName(parent, "Каталог")
        {
            recordKind = .commerceML
        } else if XMLElementNode.sameName(name, "Справочник.Контрагенты") {
            recordKind = .enterpriseData
        } else if XMLElementNode.sameName(name, "УдалениеОбъекта") {
            recordKind = .deletion
        } else {
            recordKind = nil
        }
        if let recordKind {
            kind = recordKind
            elementCount += 1
            recordLine = parser.lineNumber + lineOffset
            stack.append(XMLElementNode(name: name, attributes: Self.attributes(attributeDict)))
        } else {
            path.append(name)
            headerText = XMLElementNode.sameName(name, "CreationDate") ? "" : nil
        }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        guard failure == nil else { return }
        if skippedDepth > 0 {
            skippedDepth -= 1
            return
        }
        guard let node = stack.popLast() else {
            if let text = headerText {
                documentDate = FileDateParser.date(from: text, timeZone: timeZone) ?? documentDate
            }
            headerText = nil
            _ = path.popLast()
            return
        }
        if let parent = stack.last {
            parent.children.append(node)
            return
        }
        do {
            if recordTooDeep {
                recordTooDeep = false
                try emit(issue("<\(node.name)> nests elements deeper than \(Self.maximumRecordDepth) levels", node))
            } else if let result = makeRecord(node) {
                try emit(result)
            }
        } catch {
            failure = error
            parser.abortParsing()
        }
    }

    /// Stops at the first error. FoundationXML keeps delivering callbacks after libxml2 reports one, and on
    /// damaged multi-byte names it then traps inside its start-element glue (found by fuzzing): stopping here
    /// turns such input into a typed error instead of a crash.
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        errorLine = errorLine ?? parser.lineNumber + lineOffset
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let node = stack.last {
            node.text += string
        } else if headerText != nil {
            headerText? += string
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
    }

    /// Attributes by local name, without namespace declarations (they are syntax, not data), in a stable order.
    private static func attributes(_ dictionary: [String: String]) -> [(String, String)] {
        guard !dictionary.isEmpty else { return [] }
        return dictionary
            .filter { $0.key != "xmlns" && !$0.key.hasPrefix("xmlns:") }
            .map { (XMLPartScanner.localName($0.key), $0.value) }
            .sorted { $0.0 < $1.0 }
    }

    // MARK: - Records

    private var location: String { "\(file):\(recordLine) (element \(elementCount))" }
    private var origin: String { "\(file):element \(elementCount)" }

    private func makeRecord(_ node: XMLElementNode) -> Result<RawRecord, ConnectorError>? {
        switch kind {
        case .commerceML: return commerceMLRecord(node)
        case .enterpriseData: return enterpriseDataRecord(node)
        case .deletion: return deletionRecord(node)
        }
    }

    private func issue(_ message: String, _ node: XMLElementNode) -> Result<RawRecord, ConnectorError> {
        lastIssueRaw = node.json.canonicalBytes
        lastIssueLine = recordLine
        return .failure(ConnectorError(
            .malformedRecord, source: source, location: location, message: message, rowReason: .malformedElement))
    }

    private func commerceMLRecord(_ node: XMLElementNode) -> Result<RawRecord, ConnectorError> {
        guard case .object(var members) = node.json else {
            return issue("<\(node.name)> has no content", node)
        }
        guard let key = members["Ид"]?.scalarText?.trimmingWhitespace, !key.isEmpty
        else { return issue("<\(node.name)> has no <Ид>", node) }
        let isIndividual = members["ФизЛицо"] != nil
            || members[Self.entityKindKey]?.scalarText == Self.individualMarker
            || (members["ОфициальноеНаименование"] == nil && (members["Фамилия"] != nil || members["Имя"] != nil))
        if isIndividual, members[Self.entityKindKey] == nil {
            members[Self.entityKindKey] = .string(Self.individualMarker)
        }
        return .success(record(key: key, members: members))
    }

    private func enterpriseDataRecord(_ node: XMLElementNode) -> Result<RawRecord, ConnectorError> {
        guard case .object(var members) = node.json else {
            return issue("<\(node.name)> has no content", node)
        }
        if case .object(let keyProperties) = members.removeValue(forKey: "КлючевыеСвойства") {
            for (name, value) in keyProperties where members[name] == nil { members[name] = value }
        }
        guard let key = members["Ссылка"]?.scalarText?.trimmingWhitespace, !key.isEmpty
        else { return issue("<\(node.name)> has no <Ссылка> in <КлючевыеСвойства>", node) }
        let aliases = [
            ("Ид", "Ссылка"), ("ОфициальноеНаименование", "НаименованиеПолное"), ("ОГРН", "РегистрационныйНомер"),
        ]
        for (alias, original) in aliases where members[alias] == nil {
            if let value = members[original] { members[alias] = value }
        }
        return .success(record(key: key, members: members))
    }

    /// `nil` for the deletion of an object that is not a counterparty.
    private func deletionRecord(_ node: XMLElementNode) -> Result<RawRecord, ConnectorError>? {
        let reference = node.firstLeaf { $0.hasPrefix("СправочникСсылка.") || $0.hasPrefix("ДокументСсылка.") }
            ?? node.firstLeaf { $0 == "Ссылка" || $0 == "СсылкаНаОбъект" }
        guard let reference else { return issue("<УдалениеОбъекта> names no object", node) }
        if reference.name.contains("Ссылка."), reference.name != "СправочникСсылка.Контрагенты" { return nil }
        let key = reference.text.trimmingWhitespace
        guard !key.isEmpty else { return issue("<УдалениеОбъекта> has an empty reference", node) }
        var members: [String: JSONValue] = [:]
        if case .object(let content) = node.json { members = content }
        members["Ид"] = .string(key)
        members["ПометкаУдаления"] = .string("true")
        return .success(record(key: key, members: members))
    }

    private func record(key: String, members: [String: JSONValue]) -> RawRecord {
        let mark = members["ПометкаУдаления"]?.scalarText?.trimmingWhitespace.lowercased()
        return RawRecord(
            source: source, sourceKey: key, entity: .organization, modifiedAt: documentDate,
            deleted: mark == "true" || mark == "1", payload: .object(members), origin: origin)
    }
}
