import Connectors
import Foundation
import GoldenCore
import GoldenStore
import Matching

/// Turns one raw record of a source into a record ready to land: map → standardize → blocking keys → JSON.
///
/// Pure CPU work with no I/O, so the landing job runs it on all cores while the store writes the previous batch.
public struct RecordPreparer: Sendable {
    public let source: String
    let engine: MappingEngine
    let standardizer: RecordStandardizer
    let region: RegionCode

    public init(source: String, mapping: SourceMapping, standardizer: RecordStandardizer) {
        self.source = source
        self.engine = MappingEngine(mapping: mapping)
        self.standardizer = standardizer
        self.region = RegionCode(rawValue: mapping.defaultRegion)
    }

    /// - Throws: ``ConnectorError`` when the mapping cannot read the record at all (no section for its entity).
    public func prepare(_ raw: RawRecord) throws -> LandingRecord {
        let entity: CanonicalField.Entity = raw.entity == .organization ? .organization : .person
        let mapped = try engine.map(raw.payload, as: entity, source: source)
        let ref = SourceRecordRef(source: source, id: raw.sourceKey)
        let standardized = standardizer.standardize(
            RawSourceRecord(
                ref: ref, modifiedAt: raw.modifiedAt ?? Date(timeIntervalSince1970: 0), isDeleted: raw.deleted,
                region: region, party: mapped.rawParty))

        var quarantine = standardized.quarantine.map {
            QuarantinedValue(
                field: $0.field, rawValue: $0.rawValue, reasonCode: $0.reason.code.rawValue, reason: $0.reason.message)
        }
        for field in mapped.missingRequired {
            quarantine.append(
                QuarantinedValue(
                    field: field.rawValue, rawValue: nil, reasonCode: "mapping.required_missing",
                    reason: "\(source)/\(raw.sourceKey): required field '\(field.rawValue)' is missing or empty"))
        }
        for value in mapped.tooLong {
            quarantine.append(
                QuarantinedValue(
                    field: value.field.rawValue, rawValue: value.start + "…", reasonCode: "mapping.value_too_long",
                    reason: "\(source)/\(raw.sourceKey): '\(value.field.rawValue)' holds \(value.bytes) bytes, more than "
                        + "\(MappingEngine.maximumValueBytes); the raw payload keeps it whole"))
        }
        let canonical = raw.payload.canonicalBytes
        return LandingRecord(
            source: source, sourceKey: raw.sourceKey, entity: entity == .organization ? .organization : .person,
            modifiedAt: raw.modifiedAt, deleted: raw.deleted, mergedIntoKey: raw.mergedIntoKey,
            payloadJSON: String(decoding: canonical, as: UTF8.self),
            contentHash: JSONValue.contentHash(ofCanonical: canonical),
            attributesJSON: standardized.record.party.storedJSON(facts: Self.facts(mapped)),
            blocking: Self.blocking(standardized.record.party),
            matchValues: StoredMatchValues.encode(MatchRecord.storedValues(of: standardized.record)),
            quarantine: quarantine, rowDigest: raw.rowDigest)
    }

    /// Finance facts accounting sends beside the company (shown on the golden record, not standardized).
    static let factFields: [CanonicalField] = [.receivablesBalance, .lastInvoiceDate, .lastPaymentDate, .contractNumber]

    static func facts(_ mapped: MappedRecord) -> [String: String] {
        var facts: [String: String] = [:]
        for field in factFields { if let value = mapped.first(field) { facts[field.rawValue] = value } }
        return facts
    }

    /// The keys blocking reads from columns. Only valid values become keys: an invalid INN never blocks.
    static func blocking(_ party: Party) -> BlockingColumns {
        switch party {
        case .organization(let organization):
            let address = organization.addresses.lazy.compactMap(\.value).first
            return BlockingColumns(
                inn: organization.inn?.value?.digits,
                kpp: organization.kpp?.value?.value,
                ogrn: organization.ogrn?.value?.digits,
                nameKey: organization.legalName?.value?.nameKey ?? organization.shortName?.value?.nameKey,
                emailKeys: organization.emails.compactMap { $0.value?.key },
                phoneKeys: organization.phones.compactMap { $0.value?.e164 },
                postcode: address?.postcode,
                cityKey: address?.city.map { Transliteration.latinKey($0) })
        case .person(let person):
            let name = person.name?.value
            let address = person.addresses.lazy.compactMap(\.value).first
            return BlockingColumns(
                nationalID: person.nationalID?.value.map { "\($0.kind.rawValue):\($0.value)" },
                nameKey: name.flatMap { name in
                    name.familyTranslit.map { family in [family, name.givenTranslit].compactMap { $0 }.joined(separator: " ") }
                },
                familyKey: name?.familyTranslit,
                givenInitial: name?.givenInitialKey ?? name?.givenInitial,
                emailKeys: person.emails.compactMap { $0.value?.key },
                phoneKeys: person.phones.compactMap { $0.value?.e164 },
                postcode: address?.postcode,
                cityKey: address?.city.map { Transliteration.latinKey($0) },
                employerKey: person.employer?.id)
        }
    }
}
