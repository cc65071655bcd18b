import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Streams the counterparties of a 1C exchange file (CommerceML 2 or EnterpriseData) as raw records.
///
/// The document is read with libxml2's SAX parser from the file (`XMLParser(contentsOf:)`), so memory holds one
/// counterparty at a time, whatever the file size, and the encoding named in the XML declaration (windows-1251
/// from older 1C releases) is honoured by libxml2 itself.
///
/// What becomes a record:
/// - CommerceML 2: every `Контрагент` element wherever it sits (`Документ/Контрагенты`, `Классификатор/Контрагенты`)
///   and the catalog owner `Каталог/Владелец`, with or without the default namespace. `Контрагент` elements nested
///   inside a counterparty (`Представители`, `Руководитель`, `Организация`) are its contact persons and stay inside
///   its payload. The key is `Ид`; `ПометкаУдаления` = true marks the record deleted.
/// - EnterpriseData: `Справочник.Контрагенты`, read into the CommerceML shape so one mapping serves both:
///   `КлючевыеСвойства` is flattened into the payload, `Ссылка` is also exposed as `Ид`, `НаименованиеПолное` as
///   `ОфициальноеНаименование` and `РегистрационныйНомер` as `ОГРН`. A deletion record (`УдалениеОбъекта`) whose
///   reference is a counterparty (`СправочникСсылка.Контрагенты`, or an untyped `Ссылка`) becomes a deleted
///   record with the payload `{Ид, ПометкаУдаления: "true", …}`; deletions of other object types are not this
///   source's records and are passed over.
///
/// Every counterparty lands as `organization`. A natural person (`ЮридическоеФизическоеЛицо` = `ФизическоеЛицо`,
/// a `ФизЛицо` block, or a CommerceML person block of `Фамилия`/`Имя` without `ОфициальноеНаименование`) keeps that
/// entity, because accounting bills it as a customer account, and carries the flag
/// `ЮридическоеФизическоеЛицо: ФизическоеЛицо` in its payload for mapping and survivorship.
///
/// `modifiedAt` is the document's creation time (`ДатаФормирования`, `msg:CreationDate`): 1C writes no time per
/// counterparty, and writes local time without a zone, so the zone is a parameter.
///
/// - Important: Not thread-safe; one reader belongs to one consumer.
public final class OneCXMLReader {
    public let url: URL
    /// The file name used in every location (`feed.xml:element 3`).
    public let file: String
    private let source: String
    private let timeZone: TimeZone
    private var handler: OneCXMLRecordBuilder?
    /// Where a parse of this file resumes after a break (see ``XMLResumption``); `nil` reads from the start.
    let resume: Resume?
    /// Record elements seen so far, and the document date, for the next resumed parse.
    public private(set) var elementCount = 0
    private(set) var documentDate: Date?

    /// A later start inside the same file: the stream prefix, the byte offset and line of a record start tag,
    /// and what the earlier parses knew.
    struct Resume {
        var prefix: [UInt8]
        var offset: Int
        var line: Int
        var elements: Int
        var documentDate: Date?
    }
    /// The line where the XML broke, after ``read(_:)`` threw `malformedPage` for a broken document.
    public private(set) var brokenLine: Int?

    /// While ``read(_:)``'s body handles an issue: the element that could not become a record, as canonical JSON
    /// of its content (what a record's payload would have been), and the line it started on.
    public var issueRaw: (line: Int, json: [UInt8]) {
        (handler?.lastIssueLine ?? 0, handler?.lastIssueRaw ?? [])
    }

    /// - Parameters:
    ///   - url: the XML file.
    ///   - source: the configured source name.
    ///   - timeZone: the zone of the document's zone-less timestamps (1C writes local time).
    public convenience init(
        url: URL, source: String, timeZone: TimeZone = TimeZone(identifier: "Europe/Moscow") ?? .gmt
    ) {
        self.init(url: url, source: source, timeZone: timeZone, resume: nil)
    }

    init(url: URL, source: String, timeZone: TimeZone, resume: Resume?) {
        self.resume = resume
        self.url = url
        self.file = url.lastPathComponent
        self.source = source
        self.timeZone = timeZone
    }

    /// Calls `body` with each counterparty record, or the issue of one that cannot land (no id), in document
    /// order. Records completed before a fatal error were delivered before it is thrown.
    ///
    /// - Returns: the number of record elements seen.
    /// - Throws: what `body` threw; ``ConnectorError`` `malformedPage` naming the file and line when the XML is
    ///   broken (truncated, undecodable bytes); `unavailable` when the file cannot be opened.
    @discardableResult
    public func read(_ body: @escaping (Result<RawRecord, ConnectorError>) throws -> Void) throws -> Int {
        guard FileManager.default.isReadableFile(atPath: url.path), let parser = try makeParser() else {
            throw ConnectorError(.unavailable, source: source, location: file, message: "cannot open the file")
        }
        let handler = OneCXMLRecordBuilder(file: file, source: source, timeZone: timeZone, emit: body)
        if let resume {
            // The prefix sits on the resumed line: libxml2's line 1 is the file's line `resume.line`.
            handler.lineOffset = resume.line - 1
            handler.elementCount = resume.elements
            handler.documentDate = resume.documentDate
        }
        self.handler = handler
        defer {
            elementCount = handler.elementCount
            documentDate = handler.documentDate
            self.handler = nil
        }
        handler.parser = parser
        parser.delegate = handler
        parser.shouldResolveExternalEntities = false
        let finished = parser.parse()
        if let failure = handler.failure { throw failure }
        if !finished || handler.errorLine != nil {
            let line = handler.errorLine ?? parser.lineNumber + handler.lineOffset
            brokenLine = line
            let reason = Self.describe(parser.parserError)
            throw ConnectorError(
                .malformedPage, source: source, location: "\(file):\(line)",
                message: "the XML is malformed (\(reason)); \(handler.elementCount) record element(s) were seen "
                    + "before line \(line)")
        }
        if handler.isInsideElement || !handler.sawRoot {
            let line = parser.lineNumber + handler.lineOffset
            brokenLine = line
            throw ConnectorError(
                .malformedPage, source: source, location: "\(file):\(line)",
                message: handler.sawRoot
                    ? "the XML ends inside an element (truncated); \(handler.elementCount) record element(s) were "
                        + "seen before line \(line)"
                    : "the file holds no XML element")
        }
        return handler.elementCount
    }

    private func makeParser() throws -> XMLParser? {
        guard let resume else { return XMLParser(contentsOf: url) }
        return XMLParser(stream: try ResumedXMLStream(prefix: resume.prefix, url: url, offset: resume.offset))
    }

    /// libxml2's error in words: FoundationXML's `localizedDescription` is only "The operation could not be
    /// completed", and its error code is libxml2's own (`xmlParserErrors`), so the common ones are named here.
    static func describe(_ error: (any Error)?) -> String {
        guard let error else { return "unknown XML error" }
        let code = (error as NSError).code
        switch code {
        case 5, 77:
            return "the XML stops before its root element closes (truncated) or goes on after it (libxml2 error \(code))"
        case 89:
            return "entity references loop or expand too far, as in a billion-laughs file (libxml2 error 89)"
        case 76:
            return "a closing tag does not match the element it closes (libxml2 error 76)"
        case 9:
            return "the bytes are not text in the document's encoding (libxml2 error 9)"
        default:
            return "libxml2 error \(code)"
        }
    }
}
