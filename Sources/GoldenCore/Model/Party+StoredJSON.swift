/// The compact JSON form of a standardized party that the store keeps in `source_records.attributes`.
///
/// Per attribute: the raw value as the source sent it, the clean canonical value (`null` when it failed
/// validation) and the codes of the issues found. The record's source and modification time are stored once, in
/// their own columns, instead of on every attribute; typed keys are not stored because standardization is
/// deterministic and cheap to repeat on the raw values. Written by hand: encoding the full `Codable` model with
/// `JSONEncoder` took most of the landing time (about 150 µs a record).
extension Party {
    public var storedJSON: String { storedJSON(facts: [:]) }

    /// - Parameter facts: plain facts a source adds to the record without standardization (accounting's
    ///   receivables balance, last invoice date, contract number), stored under `facts` for the golden record view.
    public func storedJSON(facts: [String: String]) -> String {
        var writer = StoredJSONWriter()
        writer.beginObject()
        switch self {
        case .organization(let organization):
            writer.key("kind"); writer.string("organization")
            writer.attribute("legal_name", organization.legalName)
            writer.attribute("short_name", organization.shortName)
            writer.attribute("legal_form", organization.legalForm)
            writer.attribute("inn", organization.inn)
            writer.attribute("kpp", organization.kpp)
            writer.attribute("ogrn", organization.ogrn)
            writer.attributes("addresses", organization.addresses)
            writer.attributes("phones", organization.phones)
            writer.attributes("emails", organization.emails)
            writer.attribute("website", organization.website)
            writer.key("status"); writer.string(organization.status.rawValue)
            writer.owner(organization.owner)
            if !facts.isEmpty {
                writer.key("facts")
                writer.beginObject()
                for key in facts.keys.sorted() { writer.key(key); writer.string(facts[key]) }
                writer.endObject()
            }
        case .person(let person):
            writer.key("kind"); writer.string("person")
            writer.attribute("name", person.name)
            if let name = person.name?.value {
                // The parts as read, so matching can standardize them again without re-splitting a display string.
                writer.key("name_parts")
                writer.beginObject()
                if let given = name.given { writer.key("given"); writer.string(given) }
                if let middle = name.middle { writer.key("middle"); writer.string(middle) }
                if let family = name.family { writer.key("family"); writer.string(family) }
                writer.endObject()
            }
            if let birthDate = person.birthDate {
                writer.key("birth_date")
                writer.value(raw: birthDate.raw, clean: birthDate.value?.description, issues: birthDate.issues)
            }
            if let nationalID = person.nationalID {
                writer.key("national_id")
                writer.value(
                    raw: nationalID.raw, clean: nationalID.value?.storedForm,
                    issues: nationalID.issues)
            }
            writer.attribute("job_title", person.jobTitle)
            if let employer = person.employer {
                writer.key("employer"); writer.string(employer.id)
            }
            writer.attributes("phones", person.phones)
            writer.attributes("emails", person.emails)
            writer.attributes("addresses", person.addresses)
            if let consent = person.consent {
                writer.key("consent")
                writer.beginObject()
                if let email = consent.email { writer.key("email_opt_out"); writer.bool(email.optedOut) }
                if let phone = consent.phone { writer.key("phone_opt_out"); writer.bool(phone.optedOut) }
                writer.endObject()
            }
            writer.key("status"); writer.string(person.status.rawValue)
            writer.owner(person.owner)
        }
        writer.endObject()
        return writer.text
    }
}

/// A minimal JSON text writer: objects, strings, booleans. Escapes per RFC 8259.
struct StoredJSONWriter {
    /// UTF-8 bytes, turned into a `String` once at the end: appending to a `String` piece by piece cost more than
    /// the JSON itself.
    private var bytes: [UInt8] = []
    private var needsComma = false

    init() {
        bytes.reserveCapacity(1024)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func beginObject() {
        separator()
        append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separator()
        append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func key(_ name: String) {
        separator()
        appendQuoted(name)
        append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String?) {
        separator()
        if let value { appendQuoted(value) } else { append("null") }
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separator()
        append(value ? "true" : "false")
        needsComma = true
    }

    mutating func value(raw: String, clean: String?, issues: [StandardizationIssue]) {
        beginObject()
        key("raw"); string(raw)
        key("value"); string(clean)
        if !issues.isEmpty {
            key("issues")
            beginArray()
            for issue in issues { string(issue.code.rawValue) }
            endArray()
        }
        endObject()
    }

    mutating func attribute<Value: MatchKeyed>(_ name: String, _ attribute: AttributeValue<Value>?) {
        guard let attribute else { return }
        key(name)
        value(raw: attribute.raw, clean: attribute.value?.canonical, issues: attribute.issues)
    }

    mutating func attributes<Value: MatchKeyed>(_ name: String, _ attributes: [AttributeValue<Value>]) {
        guard !attributes.isEmpty else { return }
        key(name)
        beginArray()
        for attribute in attributes {
            value(raw: attribute.raw, clean: attribute.value?.canonical, issues: attribute.issues)
        }
        endArray()
    }

    mutating func owner(_ owner: Owner?) {
        guard let owner else { return }
        key("owner"); string(owner.id)
    }

    private mutating func separator() {
        if needsComma { append(UInt8(ascii: ",")) }
    }

    private mutating func appendQuoted(_ value: String) {
        JSONText.appendQuoted(value, to: &bytes)
    }
}
