/// A purpose-built reader of the stored attributes JSON, for the paths that read every landed record (survivorship
/// of a full run reads a million): `JSONDecoder` spent about 25 µs a record, most of survivorship's read time.
///
/// It reads any JSON text of the document's shape, in any key order and spacing (PostgreSQL prints `jsonb` with
/// its own order and spaces), and skips keys it does not know, as the `Codable` reader does. Anything it does not
/// expect makes it give up (`nil`), and ``StoredPartyDocument/decode(_:)`` then asks `JSONDecoder`, so the two
/// readers can never disagree on what is accepted: the fast one only ever answers for well-formed documents.
struct StoredPartyDocumentReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    static func read(_ text: String) -> StoredPartyDocument? {
        var text = text
        return text.withUTF8 { buffer in
            var reader = StoredPartyDocumentReader(buffer)
            guard let document = reader.document() else { return nil }
            reader.whitespace()
            return reader.index == buffer.count ? document : nil
        }
    }

    // MARK: - The document

    private mutating func document() -> StoredPartyDocument? {
        var kind: PartyKind?
        var status: LifecycleStatus?
        var document = StoredPartyDocument(kind: .organization, status: .live)
        let read = object { reader, key in
            switch key {
            case "kind":
                guard let text = reader.string(), let value = PartyKind(rawValue: text) else { return false }
                kind = value
            case "status":
                guard let text = reader.string(), let value = LifecycleStatus(rawValue: text) else { return false }
                status = value
            case "legal_name": return reader.optionalValue(&document.legalName)
            case "short_name": return reader.optionalValue(&document.shortName)
            case "legal_form": return reader.optionalValue(&document.legalForm)
            case "inn": return reader.optionalValue(&document.inn)
            case "kpp": return reader.optionalValue(&document.kpp)
            case "ogrn": return reader.optionalValue(&document.ogrn)
            case "website": return reader.optionalValue(&document.website)
            case "name": return reader.optionalValue(&document.name)
            case "birth_date": return reader.optionalValue(&document.birthDate)
            case "national_id": return reader.optionalValue(&document.nationalID)
            case "job_title": return reader.optionalValue(&document.jobTitle)
            case "addresses": return reader.optionalValues(&document.addresses)
            case "phones": return reader.optionalValues(&document.phones)
            case "emails": return reader.optionalValues(&document.emails)
            case "employer": return reader.optionalString(&document.employer)
            case "owner": return reader.optionalString(&document.owner)
            case "name_parts":
                if reader.null() { document.nameParts = nil; return true }
                var parts = StoredPartyDocument.NameParts()
                let ok = reader.object { reader, key in
                    switch key {
                    case "given": return reader.optionalString(&parts.given)
                    case "middle": return reader.optionalString(&parts.middle)
                    case "family": return reader.optionalString(&parts.family)
                    default: return reader.skipValue()
                    }
                }
                document.nameParts = parts
                return ok
            case "consent":
                if reader.null() { document.consent = nil; return true }
                var consent = StoredPartyDocument.StoredConsent()
                let ok = reader.object { reader, key in
                    switch key {
                    case "email_opt_out": return reader.optionalBool(&consent.emailOptOut)
                    case "phone_opt_out": return reader.optionalBool(&consent.phoneOptOut)
                    default: return reader.skipValue()
                    }
                }
                document.consent = consent
                return ok
            case "facts":
                if reader.null() { document.facts = nil; return true }
                var facts: [String: String] = [:]
                let ok = reader.object { reader, key in
                    guard let value = reader.string() else { return false }
                    facts[key] = value
                    return true
                }
                document.facts = facts
                return ok
            default:
                return reader.skipValue()
            }
            return true
        }
        guard read, let kind, let status else { return nil }
        document.kind = kind
        document.status = status
        return document
    }

    /// `{raw, value, issues}`: `raw` required, the others optional or null.
    private mutating func value() -> StoredPartyDocument.Value? {
        var raw: String?
        var value: String?
        var issues: [String]?
        let read = object { reader, key in
            switch key {
            case "raw":
                guard let text = reader.string() else { return false }
                raw = text
                return true
            case "value": return reader.optionalString(&value)
            case "issues":
                if reader.null() { issues = nil; return true }
                var codes: [String] = []
                let ok = reader.array { reader in
                    guard let code = reader.string() else { return false }
                    codes.append(code)
                    return true
                }
                issues = codes
                return ok
            default: return reader.skipValue()
            }
        }
        guard read, let raw else { return nil }
        return StoredPartyDocument.Value(raw: raw, value: value, issues: issues)
    }

    private mutating func optionalValue(_ target: inout StoredPartyDocument.Value?) -> Bool {
        if null() { target = nil; return true }
        guard let value = value() else { return false }
        target = value
        return true
    }

    private mutating func optionalValues(_ target: inout [StoredPartyDocument.Value]?) -> Bool {
        if null() { target = nil; return true }
        var values: [StoredPartyDocument.Value] = []
        let ok = array { reader in
            guard let value = reader.value() else { return false }
            values.append(value)
            return true
        }
        target = values
        return ok
    }

    private mutating func optionalString(_ target: inout String?) -> Bool {
        if null() { target = nil; return true }
        guard let text = string() else { return false }
        target = text
        return true
    }

    private mutating func optionalBool(_ target: inout Bool?) -> Bool {
        if null() { target = nil; return true }
        whitespace()
        if literal("true") { target = true; return true }
        if literal("false") { target = false; return true }
        return false
    }

    // MARK: - JSON

    /// Reads an object, calling `member` with each key once the reader stands before its value.
    private mutating func object(_ member: (inout StoredPartyDocumentReader, String) -> Bool) -> Bool {
        whitespace()
        guard consume(UInt8(ascii: "{")) else { return false }
        whitespace()
        if consume(UInt8(ascii: "}")) { return true }
        while true {
            guard let key = string() else { return false }
            whitespace()
            guard consume(UInt8(ascii: ":")) else { return false }
            guard member(&self, key) else { return false }
            whitespace()
            if consume(UInt8(ascii: ",")) {
                whitespace()
                continue
            }
            return consume(UInt8(ascii: "}"))
        }
    }

    private mutating func array(_ element: (inout StoredPartyDocumentReader) -> Bool) -> Bool {
        whitespace()
        guard consume(UInt8(ascii: "[")) else { return false }
        whitespace()
        if consume(UInt8(ascii: "]")) { return true }
        while true {
            guard element(&self) else { return false }
            whitespace()
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "]"))
        }
    }

    /// Skips one value of any kind (a key this reader does not know).
    private mutating func skipValue() -> Bool {
        whitespace()
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"): return object { reader, _ in reader.skipValue() }
        case UInt8(ascii: "["): return array { $0.skipValue() }
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default:
            // A number: its characters, checked loosely (the document has none of its own).
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                    UInt8(ascii: "e"), UInt8(ascii: "E"):
                    index += 1
                default:
                    return index > start
                }
            }
            return index > start
        }
    }

    private mutating func null() -> Bool {
        whitespace()
        return literal("null")
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { expected in
            for offset in 0..<count where bytes[index + offset] != expected[offset] { return false }
            return true
        }
        if matches { index += count }
        return matches
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func whitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// A string literal; a run without escapes is copied at once.
    private mutating func string() -> String? {
        whitespace()
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            index += 1
        }
        var output = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: output, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escaped)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate must be followed by an escaped low one.
                        guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        return nil
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    output.append(contentsOf: UTF8.encode(unicode)!)
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                output.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
