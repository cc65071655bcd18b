import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A minimal SAX front end over `XMLParser` for the small, flat vocabularies of XLSX parts.
///
/// Element names arrive without their prefix (`x:row` → `row`: some generators prefix the SpreadsheetML
/// namespace); `end` receives the text the element held since the last tag, which is all a cell value or shared
/// string needs. Documents are parsed from a file through `XMLParser(contentsOf:)`, which streams: libxml2's
/// in-memory parse gives up on documents over 10 MB, and a sheet part is often far bigger.
final class XMLPartScanner: NSObject, XMLParserDelegate {
    typealias Start = (_ name: String, _ attributes: [String: String]) throws -> Void
    typealias End = (_ name: String, _ text: String) throws -> Void

    private let onStart: Start
    private let onEnd: End
    private var text = ""
    private var failure: (any Error)?
    /// Open elements; libxml2's stream mode reports success at the end of a truncated document, so an element
    /// still open at the end is how truncation is noticed.
    private var depth = 0
    private var sawRoot = false
    private var errorLine: Int?
    private weak var parser: XMLParser?

    init(onStart: @escaping Start, onEnd: @escaping End) {
        self.onStart = onStart
        self.onEnd = onEnd
    }

    /// Parses the document at `url`.
    ///
    /// - Throws: what a callback threw (parsing stops there), or ``ConnectorError`` `malformedPage` naming
    ///   `location` and the line where the XML broke.
    func scan(_ url: URL, source: String, location: String) throws {
        guard let parser = XMLParser(contentsOf: url) else {
            throw ConnectorError(.unavailable, source: source, location: location, message: "cannot open the part")
        }
        self.parser = parser
        parser.delegate = self
        let finished = parser.parse()
        if let failure { throw failure }
        if !finished || errorLine != nil {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown XML error"
            throw ConnectorError(
                .malformedPage, source: source, location: "\(location):\(errorLine ?? parser.lineNumber)",
                message: "the XML is malformed: \(reason)")
        }
        if depth > 0 || !sawRoot {
            throw ConnectorError(
                .malformedPage, source: source, location: "\(location):\(parser.lineNumber)",
                message: sawRoot ? "the XML ends inside an element (truncated)" : "the part holds no XML element")
        }
    }

    /// The name without its namespace prefix. Searched in UTF-8 bytes: a `Character` search runs grapheme
    /// breaking over every Cyrillic name, which showed up as a seventh of 1C parsing time.
    static func localName(_ name: String) -> String {
        guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
        return String(name[name.utf8.index(after: colon)...])
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        text = ""
        depth += 1
        sawRoot = true
        guard failure == nil else { return }
        do {
            try onStart(Self.localName(elementName), attributeDict)
        } catch {
            stop(error)
        }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        depth -= 1
        guard failure == nil else { return }
        do {
            try onEnd(Self.localName(elementName), text)
        } catch {
            stop(error)
        }
        text = ""
    }

    /// Stops at the first error. FoundationXML keeps delivering callbacks after libxml2 reports one, and on
    /// damaged multi-byte names it then traps inside its start-element glue (found by fuzzing): stopping here
    /// turns such input into a typed error instead of a crash.
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        errorLine = errorLine ?? parser.lineNumber
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        text += String(decoding: CDATABlock, as: UTF8.self)
    }

    private func stop(_ error: any Error) {
        failure = error
        parser?.abortParsing()
    }
}
