import Connectors
import Foundation
import GoldenCore
import Survivorship

/// Which golden values each writable source receives back, and where in its records they go.
///
/// Built from the sources' mappings: a field the mapping lists under `receives_back` is sent to the mapping's first
/// path for it (`Phone`, `properties.phone`, `PHONE[].VALUE`; the connector knows how to write each). The golden id
/// goes to the path named by the mapping option `golden_id_field`, when there is one. Read-only sources (accounting,
/// files) receive nothing.
///
/// Not sent, and why: an address that the mapping joins from several parts (one golden line cannot be split back
/// into street, city and postcode); the legal form, status and owner (their source forms are codes the mapping
/// translates one way); the employer (needs the employer's key in that source).
public struct PublishRules: Sendable {
    /// One field a source receives.
    struct Field: Sendable, Hashable {
        enum Value: Sendable, Hashable {
            /// The golden attribute's value (a union's primary).
            case attribute(GoldenAttribute)
            /// A consent flag, sent as a JSON boolean.
            case flag(GoldenAttribute)
            /// A part of the winning person name.
            case namePart(NamePart)
        }

        enum NamePart: Sendable, Hashable {
            case given, middle, family
        }

        let value: Value
        let path: String
        /// A list path (`PHONE[].VALUE`): known once here, not searched for per record.
        let isList: Bool

        init(value: Value, path: String) {
            self.value = value
            self.path = path
            self.isList = path.contains("[]")
        }
    }

    struct Target: Sendable {
        var fields: [Field] = []
        var goldenIDPath: String?
        /// A list field is written whole (ELMA365 sets a field's value), so the delta carries the record's own
        /// values plus the golden one; otherwise the source appends (Bitrix24) and gets only the missing value.
        var listsReplace = false
    }

    /// Source → entity → what it receives.
    let targets: [String: [PartyKind: Target]]

    public init(sources: [SourceConfiguration]) {
        var targets: [String: [PartyKind: Target]] = [:]
        for source in sources where !source.kind.isReadOnly {
            for (entity, mapping) in source.mapping.entities {
                let kind: PartyKind = entity == .organization ? .organization : .person
                var target = Target(
                    goldenIDPath: mapping.options["golden_id_field"], listsReplace: source.kind == .elma365)
                for field in mapping.fields where mapping.receivesBack.contains(field.field) {
                    guard let path = field.paths.first?.description, let value = Self.value(of: field) else { continue }
                    target.fields.append(Field(value: value, path: path))
                }
                target.fields.sort { $0.path < $1.path }
                if !target.fields.isEmpty || target.goldenIDPath != nil { targets[source.name, default: [:]][kind] = target }
            }
        }
        self.targets = targets
    }

    /// No source receives anything (files and accounting only, or no configuration).
    public var isEmpty: Bool { targets.isEmpty }

    static func value(of field: FieldMapping) -> Field.Value? {
        if field.transforms.contains(where: { if case .join = $0 { true } else { false } }) { return nil }
        switch field.field {
        case .legalName: return .attribute(.legalName)
        case .shortName: return .attribute(.shortName)
        case .inn: return .attribute(.inn)
        case .kpp: return .attribute(.kpp)
        case .ogrn: return .attribute(.ogrn)
        case .website: return .attribute(.website)
        case .phone: return .attribute(.phone)
        case .email: return .attribute(.email)
        case .address: return .attribute(.address)
        case .jobTitle: return .attribute(.jobTitle)
        case .fullName: return .attribute(.name)
        case .emailOptOut: return .flag(.emailOptOut)
        case .phoneOptOut: return .flag(.phoneOptOut)
        case .givenName: return .namePart(.given)
        case .middleName: return .namePart(.middle)
        case .familyName: return .namePart(.family)
        default: return nil
        }
    }

    /// The delta one member record should receive, or `nil` when it already shows the golden values.
    ///
    /// A value the record already holds (for phones and e-mails: anywhere among its values) is not sent; a golden
    /// attribute without a value is never sent as a blank. The golden id goes with every delta, and alone when
    /// the record just joined or the golden record is new (`announceID`).
    func delta(
        for member: SurvivorshipMember, nameParts: StoredPartyDocument.NameParts?, kind: PartyKind,
        values: GoldenRecordValues, winnerNameParts: StoredPartyDocument.NameParts?,
        legalNameWinnerHasForm: Bool = true, goldenID: UUID, announceID: Bool
    ) -> String? {
        guard !member.isDeleted, let target = targets[member.ref.source]?[kind] else { return nil }
        var fields: [(String, JSONValue)] = []
        for field in target.fields {
            switch field.value {
            case .attribute(let attribute):
                guard let golden = values.value(attribute) else { continue }
                // A source's name field carries the legal form too ("Romashka LLC"): a winning name written without
                // one would strip the form from every record it is pushed to, and the golden form with it.
                if attribute == .legalName, !legalNameWinnerHasForm, values.value(.legalForm) != nil { continue }
                let held = member.values.contains { $0.attribute == attribute && $0.clean == golden }
                // A phone or e-mail field that holds one value keeps a valid value of its own: the golden record
                // keeps every valid number (union), so overwriting one would lose a number, not correct it. Only
                // an empty or invalid one is filled. A list field (`PHONE[].VALUE`) gets the primary appended.
                if attribute.isMultiValued, !field.isList,
                    member.values.contains(where: { $0.attribute == attribute && $0.clean != nil })
                {
                    continue
                }
                guard !held else { continue }
                if target.listsReplace, field.isList {
                    let own = member.values.compactMap { $0.attribute == attribute ? $0.clean : nil }
                    fields.append((field.path, .array((own + [golden]).map(JSONValue.string))))
                } else {
                    fields.append((field.path, .string(Self.sendsRaw(attribute) ? values.raw(attribute) ?? golden : golden)))
                }
            case .flag(let attribute):
                guard let golden = values.value(attribute) else { continue }
                let held = member.values.contains { $0.attribute == attribute && $0.clean == golden }
                if !held { fields.append((field.path, .bool(golden == "true"))) }
            case .namePart(let part):
                guard let winner = winnerNameParts, let golden = Self.part(part, of: winner) else { continue }
                if Self.part(part, of: nameParts) != golden { fields.append((field.path, .string(golden))) }
            }
        }
        guard !fields.isEmpty || announceID else { return nil }
        if let path = target.goldenIDPath {
            fields.append((path, .string(goldenID.lowercasedText)))
        } else if fields.isEmpty {
            return nil
        }
        var object: [String: JSONValue] = [:]
        for (path, value) in fields { object[path] = value }
        let delta = JSONValue.object(["entity": .string(kind.rawValue), "fields": .object(object)])
        return String(decoding: delta.canonicalBytes, as: UTF8.self)
    }

    /// Free text goes back as the winning record wrote it: the canonical form is a matching key (a company name
    /// without its legal form, a job title as a code), not something a person should read in their CRM. Identifiers
    /// and contact points go back canonical (`+74952830563`, `7707083893`).
    static func sendsRaw(_ attribute: GoldenAttribute) -> Bool {
        switch attribute {
        case .legalName, .shortName, .name, .jobTitle, .address: true
        default: false
        }
    }

    static func part(_ part: Field.NamePart, of parts: StoredPartyDocument.NameParts?) -> String? {
        switch part {
        case .given: parts?.given
        case .middle: parts?.middle
        case .family: parts?.family
        }
    }
}
